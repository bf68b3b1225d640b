using System.Text.Json.Serialization;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Bitable;

/// <summary>Infers a table's fields from a spreadsheet's rows in one streaming pass: the first row
/// names the fields, every later cell is observed, and <see cref="Fields"/> decides the types.
/// Values are rendered per field afterwards with <see cref="RecordValues"/>.
/// Memory is O(columns): per column a few counters and at most <see cref="MaxOptions"/> + 1
/// distinct values and list items.</summary>
/// <remarks>Rules (Feishu's own are undocumented; these are Inkport's, see docs/DEVIATIONS.md):
/// <list type="bullet">
/// <item>Names: the header cell's display text, trimmed, at most 1,000 chars; an empty one is
/// "Field N" (N = 1-based column); a repeated one (ignoring case) gets " 2", " 3", ...</item>
/// <item>A sheet with no cells at all gives one Text field, "Field 1".</item>
/// <item>Every non-empty value of a column must agree, else the column is Text: all numbers →
/// Number; all dates → DateTime; all booleans or "true"/"false" → Checkbox; all http(s) links →
/// Url; all <c>+?\d{7,15}</c> text (with integers of that length among it) → Phone; text with at most 20 distinct values, each seen twice
/// on average → SingleSelect; the same for the items of lists split on , ; 、 ， ； when some
/// value holds two or more → MultiSelect.</item>
/// <item>The primary (first) field cannot be Checkbox, SingleSelect or MultiSelect (as in Feishu,
/// whose index column does not offer those types); it falls back to Text.</item>
/// <item>Columns beyond <see cref="ConversionLimits.MaxBitableFields"/> are dropped (3003).</item>
/// </list></remarks>
public sealed class BitableInference
{
    /// <summary>Most distinct values (or list items) a select field is inferred with.</summary>
    public const int MaxOptions = 20;

    /// <summary>Longest value that can be a select option; longer text is prose, not a category.</summary>
    public const int MaxOptionChars = 100;

    public const int MaxFieldNameChars = 1000;

    private const int OptionColors = 55;

    private readonly ConversionLimits _limits;
    private readonly Warnings _warnings = new();
    private readonly List<string?> _names = [];
    private readonly List<ColumnStats?> _columns = [];

    public BitableInference(ConversionLimits limits) => _limits = limits;

    /// <summary>Feed the header row (row 0 of the sheet).</summary>
    public void Header(IReadOnlyList<Cell> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (!Fits(cell.Column)) continue;
            while (_names.Count <= cell.Column) _names.Add(null);
            _names[cell.Column] = CellText.Display(cell);
        }
    }

    /// <summary>Feed one data row.</summary>
    public void Observe(IReadOnlyList<Cell> cells)
    {
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = cells[i];
            if (!Fits(cell.Column)) continue;
            while (_columns.Count <= cell.Column) _columns.Add(null);
            (_columns[cell.Column] ??= new ColumnStats()).Observe(cell);
        }
    }

    private bool Fits(int column)
    {
        if (column < _limits.MaxBitableFields) return true;
        _warnings.Add(ExtraCodes.BitableTooManyColumns);
        return false;
    }

    /// <summary>The inferred fields, in column order; the first is the primary field.</summary>
    public IReadOnlyList<BitableField> Fields()
    {
        var count = Math.Max(Math.Max(_names.Count, _columns.Count), 1);
        var fields = new List<BitableField>(count);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < count; i++)
        {
            var name = UniqueName(i < _names.Count ? _names[i] : null, i, taken);
            var stats = i < _columns.Count ? _columns[i] : null;
            var field = stats?.Infer(name) ?? Field(name, FieldType.Text);
            if (i == 0 && field.Type is FieldType.Checkbox or FieldType.SingleSelect or FieldType.MultiSelect)
                field = Field(name, FieldType.Text);
            fields.Add(field);
        }
        return fields;
    }

    /// <summary>Extra codes (3003 too many columns, ...) of what was dropped.</summary>
    public IReadOnlyList<string> Warnings => _warnings.Codes;

    private static string UniqueName(string? header, int column, HashSet<string> taken)
    {
        var name = header?.Trim() ?? "";
        if (name.Length > MaxFieldNameChars) name = name[..MaxFieldNameChars];
        if (name.Length == 0) name = $"Field {column + 1}";
        var unique = name;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{name} {n}";
        return unique;
    }

    internal static BitableField Field(string name, FieldType type, string? formatter = null, string? dateFormatter = null,
        IReadOnlyList<SelectOption>? options = null) => new()
    {
        Name = name,
        Type = type,
        UiType = UiType(type),
        Formatter = formatter,
        DateFormatter = dateFormatter,
        Options = options,
    };

    private static string UiType(FieldType type) => type switch
    {
        FieldType.Text => "Text",
        FieldType.Number => "Number",
        FieldType.SingleSelect => "SingleSelect",
        FieldType.MultiSelect => "MultiSelect",
        FieldType.DateTime => "DateTime",
        FieldType.Checkbox => "Checkbox",
        FieldType.Phone => "Phone",
        FieldType.Url => "Url",
        _ => type.ToString(),
    };

    /// <summary>What one column's values looked like; decides its field.</summary>
    private sealed class ColumnStats
    {
        private int _values;
        private int _numbers;
        private int _percents;
        private int _grouped;
        private int _decimals;
        private int _percentDecimals;
        private int _dates;
        private bool _times;
        private int _booleans;
        private int _texts;
        private int _urls;
        private int _phones;
        private int _phoneNumbers;
        private readonly Distinct _options = new();
        private readonly Distinct _items = new();
        private int _itemCount;
        private bool _lists;

        public void Observe(Cell cell)
        {
            _values++;
            switch (cell.Type)
            {
                case CellType.Number when CellText.IsDateFormat(cell.NumberFormat):
                    _dates++;
                    _times |= cell.Number % 1 != 0 || CellText.HasTime(cell.NumberFormat);
                    break;
                case CellType.Number:
                    _numbers++;
                    if (CellText.IsPercentFormat(cell.NumberFormat))
                    {
                        _percents++;
                        _percentDecimals = Math.Max(_percentDecimals, CellText.Decimals(Math.Round(cell.Number * 100, 10)));
                    }
                    if (cell.NumberFormat?.Contains(',') == true) _grouped++;
                    var (decimals, phone) = CellText.Shape(cell.Number);
                    if (cell.NumberFormat is null && phone) _phoneNumbers++;
                    _decimals = Math.Max(_decimals, decimals);
                    break;
                case CellType.Boolean:
                    _booleans++;
                    break;
                default:
                    ObserveText(cell.Text ?? "", cell.Link);
                    break;
            }
        }

        private void ObserveText(string text, string? link)
        {
            _texts++;
            if (link is not null || Values.IsUrl(text)) _urls++;
            if (Values.IsPhone(text)) _phones++;
            if (Values.TryBool(text, out _)) _booleans++;
            if (text.Length > MaxOptionChars)
            {
                _options.Overflow = _items.Overflow = true;
                return;
            }
            _options.Add(text);
            if (_items.Overflow) return;
            var items = 0;
            foreach (var item in Values.Items(text))
            {
                _items.Add(item);
                items++;
            }
            _itemCount += items;
            _lists |= items > 1;
        }

        public BitableField Infer(string name)
        {
            var n = _values;
            if (n == 0) return Field(name, FieldType.Text);
            if (_booleans == n) return Field(name, FieldType.Checkbox);
            // Phone numbers without a '+' or leading zero were read as numbers: they join a column
            // whose other values are phone text, but a column of numbers alone stays Number.
            if (_phones > 0 && _phones + _phoneNumbers == n) return Field(name, FieldType.Phone);
            if (_numbers == n) return Field(name, FieldType.Number, NumberFormatter());
            if (_dates == n) return Field(name, FieldType.DateTime, dateFormatter: _times ? "yyyy/MM/dd HH:mm" : "yyyy/MM/dd");
            if (_texts != n) return Field(name, FieldType.Text);
            if (_urls == n) return Field(name, FieldType.Url);
            if (_lists && !_items.Overflow && _items.Count * 2 <= _itemCount)
                return Field(name, FieldType.MultiSelect, options: _items.Options());
            if (!_options.Overflow && _options.Count * 2 <= n)
                return Field(name, FieldType.SingleSelect, options: _options.Options());
            return Field(name, FieldType.Text);
        }

        /// <summary>One of Feishu's number formatters (spec/07 §4.2) that shows every value as written.</summary>
        private string NumberFormatter()
        {
            if (_percents == _numbers) return _percentDecimals == 0 ? "%" : "0.00%";
            if (_grouped > 0) return _decimals == 0 ? "1,000" : "1,000.00";
            return _decimals switch
            {
                0 => "0",
                1 => "0.0",
                2 => "0.00",
                3 => "0.000",
                _ => "0.0000",
            };
        }
    }

    /// <summary>Distinct values in first-seen order, up to <see cref="MaxOptions"/>; one more overflows.</summary>
    private sealed class Distinct
    {
        private readonly List<string> _order = [];
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        public bool Overflow { get; set; }
        public int Count => _order.Count;

        public void Add(string value)
        {
            if (Overflow || _seen.Contains(value)) return;
            if (_order.Count == MaxOptions)
            {
                Overflow = true;
                _order.Clear();
                _seen.Clear();
                return;
            }
            _seen.Add(value);
            _order.Add(value);
        }

        public IReadOnlyList<SelectOption> Options() => _order.Select((name, i) => new SelectOption(name, i % OptionColors)).ToList();
    }
}

/// <summary>How text values are read for a field type.</summary>
internal static class Values
{
    private static readonly char[] ListSeparators = [',', ';', '、', '，', '；'];

    public static bool IsUrl(string text) =>
        (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        && text.Length > 8 && !text.AsSpan().ContainsAny(" \t\r\n");

    /// <summary>spec/07 §6: a phone matches <c>(\+)?\d*</c>; 7 to 15 digits is a phone number's length.</summary>
    public static bool IsPhone(ReadOnlySpan<char> text)
    {
        var digits = text[(text.StartsWith('+') ? 1 : 0)..];
        return digits.Length is >= 7 and <= 15 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    public static bool TryBool(string text, out bool value)
    {
        value = text.Equals("true", StringComparison.OrdinalIgnoreCase);
        return value || text.Equals("false", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The trimmed, non-empty, distinct items of a delimited list, in order.</summary>
    public static IEnumerable<string> Items(string text)
    {
        if (text.AsSpan().IndexOfAny(ListSeparators) < 0)
        {
            // Most cells hold one item: no split, no set.
            var trimmed = text.Trim();
            return trimmed.Length == 0 ? [] : [trimmed];
        }
        return Split(text);
    }

    private static IEnumerable<string> Split(string text)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            if (seen.Add(part)) yield return part;
    }
}

/// <summary>A segment of a Text value: <c>{"type":"text","text":...}</c>, or a link with <c>link</c>.</summary>
public sealed record TextSegment(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("text")] string Text)
{
    [JsonPropertyName("link")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Link { get; init; }
}

/// <summary>A Url value: <c>{"text":...,"link":...}</c>.</summary>
public sealed record UrlValue(
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("link")] string Link);

/// <summary>Renders a raw cell as a record value in the wire shape of spec/07 §6 for its field:
/// text segments, number, option name(s), Unix ms, bool, {text, link}, phone string.
/// Null means the cell is empty for this field and is omitted from the record; an unchecked
/// checkbox is null too, since Feishu omits it (a missing checkbox reads as false).
/// A value that does not fit its field (text in a Number field) is null.</summary>
public static class RecordValues
{
    public static object? Render(Cell cell, BitableField field)
    {
        var text = CellText.Display(cell);
        if (text.Length == 0) return null;
        switch (field.Type)
        {
            case FieldType.Number:
                return cell.Type is CellType.Number or CellType.Boolean ? cell.Number
                    : Formats.Csv.CsvValues.TryNumber(text.AsSpan().Trim(' '), false, out var number, out _) ? number : null;
            case FieldType.DateTime:
                if (cell.Type == CellType.Number) return CellText.UnixMs(cell.Number);
                return Formats.Csv.CsvValues.TryDate(text.AsSpan().Trim(' '), out var serial, out _) ? CellText.UnixMs(serial) : null;
            case FieldType.Checkbox:
                if (cell.Type is CellType.Boolean or CellType.Number) return cell.Number != 0 ? true : null;
                return Values.TryBool(text, out var b) && b ? true : null;
            case FieldType.SingleSelect:
                return text;
            case FieldType.MultiSelect:
                return Values.Items(text).ToList() is { Count: > 0 } items ? items : null;
            case FieldType.Url:
                return new UrlValue(text, cell.Link ?? text);
            case FieldType.Phone:
                return text;
            default:
                IReadOnlyList<TextSegment> segments = [cell.Link is { } link ? new TextSegment("url", text) { Link = link } : new TextSegment("text", text)];
                return segments;
        }
    }
}
