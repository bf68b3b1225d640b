using Inkport.Conversion.Model;

namespace Inkport.Conversion;

/// <summary>Limits whose defaults are Feishu's documented numbers (spec/03 §2.3, 05, 06, 07).
/// What exceeds a limit is truncated and reported with its extra code.</summary>
public sealed record ConversionLimits
{
    public int MaxBlocks { get; init; } = 20_000;
    public int MaxTableCells { get; init; } = 2_000;
    public int MaxTableColumns { get; init; } = 100;
    public int MaxParagraphChars { get; init; } = 100_000;
    public int MaxSheets { get; init; } = 300;
    public int MaxSheetColumns { get; init; } = 13_000;
    public long MaxSheetCells { get; init; } = 5_000_000;
    public int MaxCellChars { get; init; } = 50_000;
    public int MaxBitableFields { get; init; } = 300;
    public int MaxBitableTables { get; init; } = 100;
    public int MaxBitableCellChars { get; init; } = 100_000;

    public static readonly ConversionLimits Feishu = new();
}

/// <summary>Everything a conversion may depend on besides the bytes: it has no other inputs.</summary>
public sealed record ConversionOptions
{
    /// <summary>The source file's name, without directory (titles, diagnostics).</summary>
    public string FileName { get; init; } = "";
    public ConversionLimits Limits { get; init; } = ConversionLimits.Feishu;
    public CancellationToken Cancellation { get; init; }
}

/// <summary>The extra codes of a successful import with truncation (spec/03 §2.3).</summary>
public static class ExtraCodes
{
    public const string DocxTooManyBlocks = "1000";
    public const string DocxTooManyTableCells = "1001";
    public const string DocxTooManyTableColumns = "1002";
    public const string DocxParagraphTooLong = "1003";
    public const string DocxImagesFailed = "1005";
    public const string SheetTooManyColumns = "2000";
    public const string SheetTooManyCells = "2001";
    public const string SheetTooManyImages = "2002";
    public const string StorageInsufficient = "2003";
    public const string SheetImagesFailed = "2004";
    public const string SheetCellTextTooLong = "2005";
    public const string BitableTooManyColumns = "3003";
    public const string BitableTooManyCells = "3004";
}

/// <summary>Collects extra codes, each once, in first-seen order.</summary>
public sealed class Warnings
{
    private readonly List<string> _codes = [];
    public void Add(string code) { if (!_codes.Contains(code)) _codes.Add(code); }
    public IReadOnlyList<string> Codes => _codes;
}

public sealed record DocxConversion(DocxDocument Document, IReadOnlyList<string> Warnings);

/// <summary>A source format that becomes a block document.</summary>
public interface IDocxConverter
{
    DocxConversion Convert(Stream source, ConversionOptions options);
}

/// <summary>A source format that becomes a spreadsheet (and, through the bitable builder, a base).
/// Returns the extra codes of what it truncated.</summary>
public interface ISpreadsheetConverter
{
    IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink);
}

/// <summary>Import job_status values a conversion can end with (spec/03 §2.2).</summary>
public static class JobStatusCodes
{
    public const int Success = 0;
    public const int Initializing = 1;
    public const int Processing = 2;
    public const int InternalError = 3;
    public const int Encrypted = 100;
    public const int StorageInsufficient = 104;
    public const int TooManyNodes = 105;
    public const int TimedOut = 108;
    public const int FormatNotSupported = 112;
    public const int OfficeFormatNotSupported = 113;
    public const int FileTooLarge = 115;
    public const int NoFolderPermission = 116;
    public const int MountPointMissing = 117;
    public const int ExtensionMismatch = 118;
    public const int FolderNotFound = 119;
    public const int TypeMismatch = 120;
    public const int FileExpired = 121;
    public const int Corrupt = 129;
    public const int TooManyBlocks = 7000;
    public const int TooDeep = 7001;
    public const int BlockTooLarge = 7002;
}

/// <summary>A conversion that cannot produce a document. Carries the job_status it ends with
/// and, where it applies, where in the file the problem is. Create through the named factories.</summary>
public sealed class ConversionException : Exception
{
    public int JobStatus { get; }
    public string? Location { get; }

    private ConversionException(int jobStatus, string message, string? location, Exception? inner = null)
        : base(location is null ? message : $"{message} (at {location})", inner)
    {
        JobStatus = jobStatus;
        Location = location;
    }

    public static ConversionException Corrupt(string why, string? where = null, Exception? inner = null) =>
        new(JobStatusCodes.Corrupt, $"file format damaged: {why}", where, inner);

    public static ConversionException Encrypted() =>
        new(JobStatusCodes.Encrypted, "the file is encrypted or password-protected", null);

    public static ConversionException Unsupported(string what) =>
        new(JobStatusCodes.FormatNotSupported, $"format not supported: {what}", null);

    public static ConversionException OfficeUnsupported(string what) =>
        new(JobStatusCodes.OfficeFormatNotSupported, $"office format not supported: {what}", null);

    public static ConversionException TooLarge(string why) =>
        new(JobStatusCodes.FileTooLarge, $"import file too large: {why}", null);

    public static ConversionException TooDeep(string where) =>
        new(JobStatusCodes.TooDeep, "block nesting depth exceeds the limit", where);

    /// <summary>"line 3, column 7" style location for text formats.</summary>
    public static string At(long line, long column) => $"line {line}, column {column}";

    /// <summary>"sheet 'Data', row 12, column C" style location for spreadsheets (row 1-based, column letters).</summary>
    public static string At(string sheet, int row0, int column0) => $"sheet '{sheet}', row {row0 + 1}, column {ColumnName(column0)}";

    public static string ColumnName(int column0)
    {
        var name = "";
        for (var c = column0 + 1; c > 0; c = (c - 1) / 26) name = (char)('A' + (c - 1) % 26) + name;
        return name;
    }
}
