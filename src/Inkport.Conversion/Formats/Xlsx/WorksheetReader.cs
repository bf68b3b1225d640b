using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>What a worksheet reader needs from the workbook.</summary>
internal sealed record WorkbookContext(SharedStrings Strings, XlsxStyles Styles, bool Date1904, ConversionOptions Options, Warnings Warnings);

/// <summary>Reads one worksheet part in a single streamed pass and sends its rows to the sink:
/// cell values (shared, inline and formula strings, numbers, booleans, errors, ISO dates),
/// formulas (shared ones moved into each cell of their range), number formats, and the layout
/// (frozen panes, column widths, custom row heights, merges). Hyperlinks come after the cells in
/// the XML, so they are collected by <see cref="ReadHyperlinks"/> in a pass of their own first.
/// Limits: columns past <see cref="ConversionLimits.MaxSheetColumns"/> are dropped (2000), a row
/// that would take the grid past <see cref="ConversionLimits.MaxSheetCells"/> ends the sheet
/// (2001), cell text is cut to <see cref="ConversionLimits.MaxCellChars"/> (2005). A row or
/// column reference outside Excel's grid (1,048,576 × XFD) is a corrupt file.</summary>
internal sealed class WorksheetReader
{
    private const int CancellationStride = 1024;
    private const int MaxLinkCellsPerRange = 10_000;
    private const int MaxLinkCells = 1_000_000;
    private const double PointsToPixels = 96.0 / 72.0;
    private const int MaxDigitWidthPx = 7;
    private const double Days1904To1900 = 1462;

    private enum ValueType : byte { Number, SharedString, Boolean, Error, String, InlineString, Date }

    private readonly WorkbookContext _book;
    private readonly ConversionLimits _limits;
    private readonly Utf8XmlScanner _xml;
    private readonly string _sheet;
    private readonly Dictionary<long, string>? _links;
    private byte[] _prefix = [];

    private readonly List<Cell> _cells = [];
    private readonly Dictionary<int, (string Formula, int Row, int Column)> _sharedFormulas = [];
    private readonly StringBuilder _text = new();
    private readonly Dictionary<int, int> _widths = [];
    private readonly Dictionary<int, int> _heights = [];
    private readonly List<CellRange> _merges = [];
    private int _frozenRows, _frozenColumns;
    private bool _sawSheetView;
    private int _lastRow = -1, _rowCount, _columns;
    private bool _full;

    private WorksheetReader(WorkbookContext book, Stream part, string partName, string sheet, Dictionary<long, string>? links)
    {
        _book = book;
        _limits = book.Options.Limits;
        _xml = new Utf8XmlScanner(part, partName);
        _sheet = sheet;
        _links = links;
    }

    public static void Read(WorkbookContext book, Stream part, string partName, string sheet, Dictionary<long, string>? links, ISpreadsheetSink sink) =>
        new WorksheetReader(book, part, partName, sheet, links).Read(sink);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Is(ReadOnlySpan<byte> localName) => _xml.LocalName.SequenceEqual(localName) && _xml.Prefix.SequenceEqual(_prefix);

    private void Read(ISpreadsheetSink sink)
    {
        if (!ReadRoot()) throw ConversionException.Corrupt("a worksheet part has no root element", _sheet);
        while (_xml.Read())
        {
            if (_xml.Token != XmlToken.StartElement) continue;
            if (_xml.Depth != 1) continue;
            if (Is("sheetData"u8)) ReadSheetData(sink);
            else if (Is("sheetViews"u8)) ReadSheetViews();
            else if (Is("cols"u8)) ReadColumns();
            else if (Is("mergeCells"u8)) ReadMerges();
            else _xml.Skip();
        }
        sink.EndSheet(Layout());
    }

    /// <summary>Moves to the root element and takes its prefix as SpreadsheetML's (Strict and
    /// transitional share local names; <c>x:</c>-prefixed files use the same names).</summary>
    private bool ReadRoot()
    {
        while (_xml.Read())
        {
            if (_xml.Token != XmlToken.StartElement) continue;
            _prefix = _xml.Prefix.ToArray();
            return true;
        }
        return false;
    }

    private void ReadSheetData(ISpreadsheetSink sink)
    {
        if (_xml.IsEmptyElement) return;
        var depth = _xml.Depth;
        var nextRow = 0;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) return;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (_full || !Is("row"u8))
            {
                _xml.Skip();
                continue;
            }
            var row = _xml.TryGetAttribute("r"u8, out var r) ? ParseRowNumber(r) - 1 : nextRow;
            if (row % CancellationStride == 0) _book.Options.Cancellation.ThrowIfCancellationRequested();
            ReadRowHeight(row);
            ReadRow(row);
            nextRow = row + 1;
            if (_cells.Count > 0) AddRow(sink, row);
        }
    }

    private void ReadRowHeight(int row)
    {
        if (!_xml.TryGetAttribute("customHeight"u8, out var custom) || !IsTrue(custom)) return;
        if (_xml.TryGetAttribute("ht"u8, out var ht) && TryParseDouble(ht, out var points) && points >= 0 && points < 10_000)
            _heights[row] = (int)Math.Round(points * PointsToPixels);
    }

    private void ReadRow(int row)
    {
        _cells.Clear();
        if (_xml.IsEmptyElement) return;
        var depth = _xml.Depth;
        var nextColumn = 0;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) return;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (Is("c"u8)) nextColumn = ReadCell(row, nextColumn) + 1;
            else _xml.Skip();
        }
    }

    /// <summary>Reads one <c>c</c> element; returns its 0-based column.</summary>
    private int ReadCell(int row, int nextColumn)
    {
        var column = _xml.TryGetAttribute("r"u8, out var reference) ? ParseColumn(reference, row) : nextColumn;
        var type = _xml.TryGetAttribute("t"u8, out var t) ? ParseType(t) : ValueType.Number;
        var style = _xml.TryGetAttribute("s"u8, out var s) && TryParseInt(s, out var si) ? si : 0;
        if (_xml.IsEmptyElement) return column;

        var depth = _xml.Depth;
        double number = 0;
        string? text = null;
        var hasValue = false;
        string? formula = null;
        var cut = false;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) break;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (Is("v"u8))
            {
                hasValue = ReadValue(type, row, column, ref number, ref text, ref cut);
            }
            else if (Is("f"u8))
            {
                formula = ReadFormula(row, column);
            }
            else if (Is("is"u8))
            {
                _text.Clear();
                SharedStrings.ReadRichText(_xml, _text);
                text = XlsxText.Decode(_text);
                hasValue = true;
                type = ValueType.InlineString;
            }
            else _xml.Skip();
        }
        if (!hasValue && formula is null) return column;
        if (column >= _limits.MaxSheetColumns)
        {
            _book.Warnings.Add(ExtraCodes.SheetTooManyColumns);
            return column;
        }
        if (text is not null && text.Length > _limits.MaxCellChars)
        {
            text = XlsxText.Cut(text, _limits.MaxCellChars);
            cut = true;
        }
        if (cut) _book.Warnings.Add(ExtraCodes.SheetCellTextTooLong);

        var cell = !hasValue ? Cell.String(column, "") : type switch
        {
            ValueType.Number => Cell.Num(column, _book.Date1904 && _book.Styles.IsDate(style) ? number + Days1904To1900 : number, _book.Styles.FormatOf(style)),
            ValueType.Date => Cell.Num(column, number, _book.Styles.IsDate(style) ? _book.Styles.FormatOf(style) : DefaultDateFormat(number)),
            ValueType.Boolean => Cell.Bool(column, number != 0),
            ValueType.Error => Cell.Error(column, text ?? "#N/A"),
            _ => Cell.String(column, text ?? ""),
        };
        if (formula is not null) cell = cell with { Formula = formula };
        if (_links is not null && _links.TryGetValue(Key(row, column), out var link)) cell = cell with { Link = link };
        _cells.Add(cell);
        return column;
    }

    private bool ReadValue(ValueType type, int row, int column, ref double number, ref string? text, ref bool cut)
    {
        var raw = _xml.ReadContent();
        switch (type)
        {
            case ValueType.Number:
                if (raw.IsEmpty) return false;
                if (TryParseDouble(raw, out number)) return true;
                throw ConversionException.Corrupt($"'{Encoding.UTF8.GetString(raw)}' is not a number", ConversionException.At(_sheet, row, column));
            case ValueType.SharedString:
                if (!TryParseInt(raw, out var index) || _book.Strings.Get(index, out cut) is not { } shared)
                    throw ConversionException.Corrupt("a shared string index is out of range", ConversionException.At(_sheet, row, column));
                text = shared;
                return true;
            case ValueType.Boolean:
                number = raw.SequenceEqual("1"u8) || raw.SequenceEqual("true"u8) || raw.SequenceEqual("TRUE"u8) ? 1 : 0;
                return !raw.IsEmpty;
            case ValueType.Date:
                if (!DateTime.TryParse(Encoding.UTF8.GetString(raw), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                    throw ConversionException.Corrupt("a date cell holds no ISO 8601 date", ConversionException.At(_sheet, row, column));
                number = (date - new DateTime(1899, 12, 30, 0, 0, 0, DateTimeKind.Utc)).TotalDays;
                return true;
            default:
                text = XlsxText.Decode(Encoding.UTF8.GetString(raw));
                return true;
        }
    }

    private static string DefaultDateFormat(double serial) => serial % 1 == 0 ? "yyyy-mm-dd" : "yyyy-mm-dd hh:mm:ss";

    /// <summary>A cell's formula text; a shared formula's master is remembered and its followers
    /// get the master's text moved by their offset.</summary>
    private string? ReadFormula(int row, int column)
    {
        var shared = _xml.TryGetAttribute("t"u8, out var kind) && kind.SequenceEqual("shared"u8);
        var group = shared && _xml.TryGetAttribute("si"u8, out var si) && TryParseInt(si, out var g) ? g : -1;
        var content = _xml.ReadContent();
        if (!content.IsEmpty)
        {
            var formula = CleanFormula(Encoding.UTF8.GetString(content));
            if (group >= 0) _sharedFormulas[group] = (formula, row, column);
            return formula;
        }
        if (group >= 0 && _sharedFormulas.TryGetValue(group, out var master))
            return FormulaShifter.Shift(master.Formula, row - master.Row, column - master.Column);
        return null;
    }

    /// <summary>Drops the prefixes newer functions are stored with (<c>_xlfn.XLOOKUP</c> is shown as <c>XLOOKUP</c>).</summary>
    private static string CleanFormula(string formula)
    {
        if (formula.StartsWith('=')) formula = formula[1..];
        if (!formula.Contains("_xl", StringComparison.Ordinal)) return formula;
        return formula.Replace("_xlfn.", "", StringComparison.Ordinal).Replace("_xlws.", "", StringComparison.Ordinal);
    }

    private void AddRow(ISpreadsheetSink sink, int row)
    {
        // Rows must ascend; a repeated or out-of-order row (never written by Excel) is dropped.
        if (row <= _lastRow) return;
        if (!InColumnOrder())
        {
            var ordered = _cells.OrderBy(c => c.Column).ToList();
            _cells.Clear();
            _cells.AddRange(ordered);
            DropRepeatedColumns();
        }
        var width = Math.Max(_columns, _cells[^1].Column + 1);
        if ((long)(row + 1) * width > _limits.MaxSheetCells)
        {
            _book.Warnings.Add(ExtraCodes.SheetTooManyCells);
            // The grid is rows x columns: a row that no longer fits ends the sheet;
            // one that only widens it keeps the cells inside the current width.
            if ((long)(row + 1) * Math.Max(_columns, 1) > _limits.MaxSheetCells)
            {
                _full = true;
                return;
            }
            width = _columns;
            var kept = _cells.FindLastIndex(c => c.Column < width) + 1;
            _cells.RemoveRange(kept, _cells.Count - kept);
            if (_cells.Count == 0) return;
        }
        _columns = width;
        _lastRow = row;
        _rowCount = row + 1;
        sink.AddRow(row, _cells);
    }

    private bool InColumnOrder()
    {
        for (var i = 1; i < _cells.Count; i++)
            if (_cells[i].Column <= _cells[i - 1].Column) return false;
        return true;
    }

    /// <summary>Keeps the first of cells that name the same column.</summary>
    private void DropRepeatedColumns()
    {
        var write = 1;
        for (var read = 1; read < _cells.Count; read++)
            if (_cells[read].Column != _cells[write - 1].Column) _cells[write++] = _cells[read];
        if (write < _cells.Count) _cells.RemoveRange(write, _cells.Count - write);
    }

    /// <summary>Frozen panes of the first sheet view (the one Excel opens with).</summary>
    private void ReadSheetViews()
    {
        if (_xml.IsEmptyElement) return;
        var depth = _xml.Depth;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) return;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (Is("sheetView"u8) && _xml.Depth == depth + 1 && !_sawSheetView)
            {
                _sawSheetView = true;
                continue;
            }
            if (Is("pane"u8) && _xml.Depth == depth + 2 && _xml.TryGetAttribute("state"u8, out var state)
                && (state.SequenceEqual("frozen"u8) || state.SequenceEqual("frozenSplit"u8)))
            {
                _frozenColumns = Split("xSplit"u8, _limits.MaxSheetColumns);
                _frozenRows = Split("ySplit"u8, FormulaShifter.MaxRows);
            }
            _xml.Skip();
        }
    }

    private int Split(ReadOnlySpan<byte> name, int max) =>
        _xml.TryGetAttribute(name, out var value) && TryParseDouble(value, out var split) && split > 0
            ? (int)Math.Min(split, max)
            : 0;

    private void ReadColumns()
    {
        if (_xml.IsEmptyElement) return;
        var depth = _xml.Depth;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) return;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (Is("col"u8)
                && _xml.TryGetAttribute("min"u8, out var minText) && TryParseInt(minText, out var min)
                && _xml.TryGetAttribute("max"u8, out var maxText) && TryParseInt(maxText, out var max)
                && _xml.TryGetAttribute("width"u8, out var widthText) && TryParseDouble(widthText, out var width)
                && width >= 0 && width <= 255)
            {
                var px = ColumnPixels(width);
                var last = Math.Min(max, _limits.MaxSheetColumns);
                for (var c = Math.Max(min, 1); c <= last; c++) _widths[c - 1] = px;
            }
            _xml.Skip();
        }
    }

    /// <summary>ECMA-376 §18.3.1.13: the stored width already includes the 5 px cell padding, in
    /// units of the default font's maximum digit width (7 px for Calibri 11).</summary>
    private static int ColumnPixels(double width) => (int)((256 * width + Math.Truncate(128.0 / MaxDigitWidthPx)) / 256 * MaxDigitWidthPx);

    private void ReadMerges()
    {
        if (_xml.IsEmptyElement) return;
        var depth = _xml.Depth;
        while (_xml.Read())
        {
            if (_xml.Token == XmlToken.EndElement && _xml.Depth == depth) return;
            if (_xml.Token != XmlToken.StartElement) continue;
            if (Is("mergeCell"u8) && _xml.TryGetAttribute("ref"u8, out var reference) && TryParseRange(reference, out var range)
                && (range.EndRow > range.StartRow || range.EndColumn > range.StartColumn))
                _merges.Add(range);
            _xml.Skip();
        }
    }

    /// <summary>The layout: the grid spans the kept data and, when they fit the limits, the merges.</summary>
    private SheetLayout Layout()
    {
        var rows = _rowCount;
        var columns = _columns;
        var merges = _merges.Where(m => m.EndColumn < _limits.MaxSheetColumns).ToList();
        foreach (var m in merges)
        {
            rows = Math.Max(rows, m.EndRow + 1);
            columns = Math.Max(columns, m.EndColumn + 1);
        }
        if ((long)rows * columns > _limits.MaxSheetCells)
        {
            rows = _rowCount;
            columns = _columns;
            merges = merges.Where(m => m.EndRow < rows && m.EndColumn < columns).ToList();
        }
        return new SheetLayout
        {
            RowCount = rows,
            ColumnCount = columns,
            FrozenRowCount = Math.Min(_frozenRows, rows),
            FrozenColumnCount = Math.Min(_frozenColumns, columns),
            Merges = merges,
            ColumnWidths = _widths.Where(w => w.Key < columns).ToDictionary(),
            RowHeights = _heights.Where(h => h.Key < rows).ToDictionary(),
        };
    }

    /// <summary>The hyperlinks of a worksheet, by cell: an external target from the sheet's
    /// relationships, and/or an in-workbook <c>location</c> after '#'.</summary>
    public static Dictionary<long, string> ReadHyperlinks(Stream part, string partName, IReadOnlyList<Relationship> relationships)
    {
        var links = new Dictionary<long, string>();
        var xml = new Utf8XmlScanner(part, partName);
        while (xml.Read())
        {
            if (xml.Token != XmlToken.StartElement) continue;
            if (xml.Depth == 1 && !xml.LocalName.SequenceEqual("hyperlinks"u8))
            {
                xml.Skip();
                continue;
            }
            if (xml.Depth != 2 || !xml.LocalName.SequenceEqual("hyperlink"u8) || !xml.TryGetAttribute("ref"u8, out var reference)
                || !TryParseRange(reference, out var range)) continue;
            var id = xml.TryGetPrefixedAttribute("id"u8, out var idBytes) ? Encoding.UTF8.GetString(idBytes) : null;
            var target = relationships.FirstOrDefault(r => r.Id == id)?.Target;
            if (xml.AttributeString("location"u8) is { Length: > 0 } location) target += "#" + location;
            if (string.IsNullOrEmpty(target)) continue;
            var cells = 0;
            for (var r = range.StartRow; r <= range.EndRow && cells < MaxLinkCellsPerRange; r++)
                for (var c = range.StartColumn; c <= range.EndColumn && cells < MaxLinkCellsPerRange; c++, cells++)
                    links.TryAdd(Key(r, c), target);
            if (links.Count >= MaxLinkCells) break;
        }
        return links;
    }

    private static long Key(int row, int column) => ((long)row << 16) | (uint)column;

    private ValueType ParseType(ReadOnlySpan<byte> t) => t switch
    {
        _ when t.SequenceEqual("s"u8) => ValueType.SharedString,
        _ when t.SequenceEqual("n"u8) => ValueType.Number,
        _ when t.SequenceEqual("str"u8) => ValueType.String,
        _ when t.SequenceEqual("inlineStr"u8) => ValueType.InlineString,
        _ when t.SequenceEqual("b"u8) => ValueType.Boolean,
        _ when t.SequenceEqual("e"u8) => ValueType.Error,
        _ when t.SequenceEqual("d"u8) => ValueType.Date,
        _ => throw ConversionException.Corrupt($"unknown cell type '{Encoding.UTF8.GetString(t)}'", _sheet),
    };

    private int ParseRowNumber(ReadOnlySpan<byte> text)
    {
        if (!TryParseInt(text, out var row) || row < 1 || row > FormulaShifter.MaxRows)
            throw ConversionException.Corrupt($"row number '{Encoding.UTF8.GetString(text)}' is outside the grid (1..{FormulaShifter.MaxRows})", _sheet);
        return row;
    }

    /// <summary>The 0-based column of a cell reference ("B7", any letter case).</summary>
    private int ParseColumn(ReadOnlySpan<byte> reference, int row)
    {
        var column = 0;
        var i = 0;
        for (; i < reference.Length && i < 4; i++)
        {
            var b = (byte)(reference[i] | 0x20);
            if (b is < (byte)'a' or > (byte)'z') break;
            column = column * 26 + (b - 'a' + 1);
        }
        if (i == 0 || column > FormulaShifter.MaxColumns)
            throw ConversionException.Corrupt($"cell reference '{Encoding.UTF8.GetString(reference)}' is outside the grid (A..XFD)", $"sheet '{_sheet}', row {row + 1}");
        return column - 1;
    }

    /// <summary>"A1:C3" (or a single "B2") as a 0-based range; false when it is not one.</summary>
    private static bool TryParseRange(ReadOnlySpan<byte> text, out CellRange range)
    {
        range = default;
        var colon = text.IndexOf((byte)':');
        if (!TryParseCell(colon < 0 ? text : text[..colon], out var r1, out var c1)) return false;
        var (r2, c2) = (r1, c1);
        if (colon >= 0 && !TryParseCell(text[(colon + 1)..], out r2, out c2)) return false;
        range = new CellRange(Math.Min(r1, r2), Math.Min(c1, c2), Math.Max(r1, r2), Math.Max(c1, c2));
        return true;
    }

    private static bool TryParseCell(ReadOnlySpan<byte> text, out int row, out int column)
    {
        row = column = 0;
        var i = 0;
        if (i < text.Length && text[i] == (byte)'$') i++;
        var letters = i;
        for (; i < text.Length && i - letters < 4; i++)
        {
            var b = (byte)(text[i] | 0x20);
            if (b is < (byte)'a' or > (byte)'z') break;
            column = column * 26 + (b - 'a' + 1);
        }
        if (i == letters || column > FormulaShifter.MaxColumns) return false;
        if (i < text.Length && text[i] == (byte)'$') i++;
        if (!TryParseInt(text[i..], out row) || row < 1 || row > FormulaShifter.MaxRows) return false;
        row--;
        column--;
        return true;
    }

    private static bool TryParseInt(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.IsEmpty || text.Length > 9) return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
        foreach (var b in text)
        {
            var digit = b - '0';
            if ((uint)digit > 9) return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
            value = value * 10 + digit;
        }
        return true;
    }

    private static bool TryParseDouble(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static bool IsTrue(ReadOnlySpan<byte> value) => value.SequenceEqual("1"u8) || value.SequenceEqual("true"u8);
}
