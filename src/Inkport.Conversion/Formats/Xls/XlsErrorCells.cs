using System.Buffers.Binary;
using System.Text;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Formats.Xls;

/// <summary>The error values (#DIV/0!, #N/A, ...) of an Excel 2–2003 workbook, which ExcelDataReader 3.6 reads as
/// empty cells. One pass over the BIFF records, before the reader runs, collects each worksheet's error constants
/// (BOOLERR records) and formulas whose cached result is an error (FORMULA records). Other record bodies are
/// skipped by seeking, so the pass reads little more than the record headers. A file the pass cannot follow
/// yields what was found so far: whether the file is corrupt is the reader's call.</summary>
internal static class XlsErrorCells
{
    private const int Bof2 = 0x0009, Bof3 = 0x0209, Bof4 = 0x0409, Bof5 = 0x0809;
    private const int Eof = 0x000A, BoundSheet = 0x0085, CodePage = 0x0042, FilePass = 0x002F;
    private const int BoolErr2 = 0x0005, BoolErr = 0x0205;
    private const int Formula2And5 = 0x0006, Formula3 = 0x0206, Formula4 = 0x0406;

    /// <summary>BOF substream types of a worksheet (a dialog sheet shares it).</summary>
    private const int WorksheetType = 0x0010;

    /// <summary>BOF version of BIFF8, whose strings are Unicode.</summary>
    private const int Biff8Version = 0x0600;

    /// <summary>The sheet of a bare record stream, which has no BOUNDSHEET records to name it.</summary>
    public const string OnlySheet = "";

    /// <summary>Error cells by sheet name, then by row: (column, error name) in the order the file has them.</summary>
    public static Dictionary<string, Dictionary<int, List<(int Column, string Error)>>> Read(Stream input, XlsPackaging packaging)
    {
        var sheets = new Dictionary<string, Dictionary<int, List<(int Column, string Error)>>>(StringComparer.Ordinal);
        try
        {
            var records = packaging == XlsPackaging.CompoundFile ? OpenWorkbookStream(input) : input;
            if (records is not null) Walk(records, sheets);
        }
        catch (Exception e) when (e is ConversionException or IOException or ArgumentException) { }
        finally { input.Position = 0; }
        return sheets;
    }

    private static Stream? OpenWorkbookStream(Stream input)
    {
        var file = CompoundFile.Open(input);
        var entry = file.FindRootEntry("Workbook") ?? file.FindRootEntry("Book");
        return entry is { Type: CompoundFileEntryType.Stream } ? file.OpenStream(entry) : null;
    }

    private static void Walk(Stream workbook, Dictionary<string, Dictionary<int, List<(int Column, string Error)>>> sheets)
    {
        var offsets = new Dictionary<long, string>();
        var codePage = 1252;
        var biff8 = false;
        var biff2 = false;
        var depth = 0;
        Dictionary<int, List<(int Column, string Error)>>? current = null;
        var buffer = new byte[4 + ushort.MaxValue];
        workbook.Position = 0;
        // Read straight through: the chain of small records is cheaper read in bulk than seeked over.
        var records = new BufferedStream(workbook, 64 * 1024);
        long position = 0;
        while (records.ReadAtLeast(buffer.AsSpan(0, 4), 4, throwOnEndOfStream: false) == 4)
        {
            var id = BinaryPrimitives.ReadUInt16LittleEndian(buffer);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(2));
            var body = buffer.AsSpan(4, length);
            if (records.ReadAtLeast(body, length, throwOnEndOfStream: false) < length) return;
            var start = position;
            position += 4 + length;
            switch (id)
            {
                case Bof2 or Bof3 or Bof4 or Bof5 when length >= 4:
                    if (++depth > 1) break;
                    var version = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    var type = BinaryPrimitives.ReadUInt16LittleEndian(body[2..]);
                    biff2 = id == Bof2;
                    if (id == Bof5 && version == Biff8Version) biff8 = true;
                    current = null;
                    if (type != WorksheetType) break;
                    // A workbook names its sheets by where their BOF is; a bare stream is one sheet.
                    var name = offsets.Count == 0 ? OnlySheet : offsets.GetValueOrDefault(start);
                    if (name is not null) sheets[name] = current = [];
                    break;
                case Eof:
                    if (--depth <= 0) (depth, current) = (0, null);
                    break;
                case FilePass:
                    // Encrypted: the cells cannot be read, and the reader says so.
                    return;
                case CodePage when depth == 1 && length >= 2:
                    codePage = BinaryPrimitives.ReadUInt16LittleEndian(body);
                    break;
                case BoundSheet when depth == 1 && length >= 8:
                    if (SheetName(body[6..], biff8, codePage) is { } sheetName)
                        offsets[BinaryPrimitives.ReadUInt32LittleEndian(body)] = sheetName;
                    break;
                case BoolErr or BoolErr2 when depth == 1 && current is not null:
                {
                    var at = biff2 ? 7 : 6;
                    if (length >= at + 2 && body[at + 1] == 1 && ErrorName(body[at]) is { } error) Add(current, body, error);
                    break;
                }
                case Formula2And5 or Formula3 or Formula4 when depth == 1 && current is not null:
                {
                    // The cached result: bytes 6-7 0xFFFF mark a non-number, byte 0 its kind (2: error), byte 2 the code.
                    var at = biff2 ? 7 : 6;
                    if (length >= at + 8 && body[at] == 2 && body[at + 6] == 0xFF && body[at + 7] == 0xFF && ErrorName(body[at + 2]) is { } error)
                        Add(current, body, error);
                    break;
                }
            }
        }
    }

    private static void Add(Dictionary<int, List<(int Column, string Error)>> sheet, ReadOnlySpan<byte> cell, string error)
    {
        var row = BinaryPrimitives.ReadUInt16LittleEndian(cell);
        var column = BinaryPrimitives.ReadUInt16LittleEndian(cell[2..]);
        if (!sheet.TryGetValue(row, out var cells)) sheet[row] = cells = [];
        cells.Add((column, error));
    }

    /// <summary>A BOUNDSHEET record's name: BIFF8 writes a short Unicode string (8-bit or UTF-16 chars),
    /// earlier versions bytes in the workbook's code page.</summary>
    private static string? SheetName(ReadOnlySpan<byte> s, bool biff8, int codePage)
    {
        if (s.IsEmpty) return null;
        int count = s[0];
        if (!biff8) return s.Length >= 1 + count ? Legacy(codePage).GetString(s.Slice(1, count)) : null;
        if (s.Length < 2) return null;
        var wide = (s[1] & 1) != 0;
        var bytes = s[2..];
        if (wide) return bytes.Length >= 2 * count ? Encoding.Unicode.GetString(bytes[..(2 * count)]) : null;
        return bytes.Length >= count ? Encoding.Latin1.GetString(bytes[..count]) : null;
    }

    private static Encoding Legacy(int codePage)
    {
        // 32769 is Excel's other name for Windows-1252.
        try { return Encoding.GetEncoding(codePage == 32769 ? 1252 : codePage); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException) { return Encoding.Latin1; }
    }

    /// <summary>The error a BIFF error code stands for ([MS-XLS] BErr).</summary>
    private static string? ErrorName(byte code) => code switch
    {
        0x00 => "#NULL!",
        0x07 => "#DIV/0!",
        0x0F => "#VALUE!",
        0x17 => "#REF!",
        0x1D => "#NAME?",
        0x24 => "#NUM!",
        0x2A => "#N/A",
        0x2B => "#GETTING_DATA",
        _ => null,
    };
}
