using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Csv;

/// <summary>CSV into one sheet, streamed row by row: the delimiter is sniffed (or taken from an
/// Excel <c>sep=</c> line), fields are typed (<see cref="CsvValues"/>), and columns, cells and
/// cell text beyond the limits are dropped with their extra codes. Never fails on content.</summary>
public sealed class CsvConverter : ISpreadsheetConverter
{
    private const int CancellationStride = 1024;

    public IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink)
    {
        var limits = options.Limits;
        var warnings = new Warnings();
        // Not disposed: the stream belongs to the caller.
        var utf8 = TextDecoding.OpenUtf8(source, out _);
        var parser = new CsvParser(utf8, MaxFieldBytes(limits.MaxCellChars), limits.MaxSheetColumns);
        if (CsvDialect.SepLine(parser.Buffered) is { } sep)
        {
            parser.Delimiter = sep;
            parser.SkipLine();
        }
        else parser.Delimiter = CsvDialect.Sniff(parser.Buffered, parser.BufferedAll);
        // Locales that delimit with ';' write decimal commas.
        var decimalComma = parser.Delimiter == ';';

        sink.BeginSheet(SheetName(options.FileName), hidden: false);
        var cells = new List<Cell>();
        var row = 0;
        var columns = 0;
        var rowCount = 0;
        while (parser.Next())
        {
            if (row % CancellationStride == 0) options.Cancellation.ThrowIfCancellationRequested();
            if (parser.DroppedContent) warnings.Add(ExtraCodes.SheetTooManyColumns);
            cells.Clear();
            for (var i = 0; i < parser.FieldCount; i++)
            {
                var field = parser.Field(i);
                if (field.IsEmpty) continue;
                // Fewer bytes than the limit are fewer chars too; longer text is counted in chars.
                if (field.Length > limits.MaxCellChars) cells.Add(LongText(i, field, parser.Truncated(i), limits.MaxCellChars, warnings));
                else cells.Add(CsvValues.Type(i, field, decimalComma));
            }
            if (cells.Count > 0)
            {
                var width = Math.Max(columns, cells[^1].Column + 1);
                if ((long)(row + 1) * width > limits.MaxSheetCells)
                {
                    warnings.Add(ExtraCodes.SheetTooManyCells);
                    // The grid is rows x columns: a row that no longer fits ends the sheet;
                    // one that only widens it keeps the cells inside the current width.
                    if ((long)(row + 1) * columns > limits.MaxSheetCells) break;
                    width = columns;
                    var kept = cells.FindLastIndex(c => c.Column < width) + 1;
                    cells.RemoveRange(kept, cells.Count - kept);
                }
                if (cells.Count > 0)
                {
                    columns = width;
                    sink.AddRow(row, cells);
                    rowCount = row + 1;
                }
            }
            row++;
        }
        sink.EndSheet(new SheetLayout { RowCount = rowCount, ColumnCount = columns });
        return warnings.Codes;
    }

    /// <summary>Enough UTF-8 for <paramref name="maxChars"/> UTF-16 chars (at most 3 bytes each, and a
    /// cut sequence at the end), so that a field cut at this many bytes still fills the cell.</summary>
    internal static int MaxFieldBytes(int maxChars) => (int)Math.Min(int.MaxValue, 3L * maxChars + 4);

    /// <summary>Text over the byte limit, cut to <paramref name="maxChars"/> chars (never half a surrogate pair).</summary>
    private static Cell LongText(int column, ReadOnlySpan<byte> field, bool truncated, int maxChars, Warnings warnings)
    {
        var text = Encoding.UTF8.GetString(field);
        if (!truncated && text.Length <= maxChars) return Cell.String(column, text);
        warnings.Add(ExtraCodes.SheetCellTextTooLong);
        var length = Math.Min(maxChars, text.Length);
        if (length > 0 && length < text.Length && char.IsHighSurrogate(text[length - 1])) length--;
        return Cell.String(column, text[..length]);
    }

    private const int MaxSheetTitle = 100;

    /// <summary>The file name without extension, made a valid sheet title (spec/06 §7).</summary>
    internal static string SheetName(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(fileName.Replace('\\', '/')).Trim();
        if (name.Length == 0) return "Sheet1";
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is '/' or '\\' or '?' or '*' or '[' or ']' or ':') chars[i] = '_';
        return new string(chars, 0, Math.Min(chars.Length, MaxSheetTitle));
    }
}
