using System.Collections.Concurrent;
using System.Globalization;

namespace Inkport.Core.Sheets;

/// <summary>An Excel number format code ("#,##0.00", "yyyy-mm-dd", "0%;[Red]-0%", ...) compiled
/// for rendering values the way Excel shows them, in en-US and culture-invariant.</summary>
public sealed class ExcelNumberFormat
{
    // Sheets repeat a handful of codes millions of times; the bound stops hostile files growing it.
    private const int CacheLimit = 4096;
    private static readonly ConcurrentDictionary<string, ExcelNumberFormat> Cache = new(StringComparer.Ordinal);

    public static ExcelNumberFormat General { get; } = new("General");

    private readonly NumberFormatSection[] _numeric;
    private readonly NumberFormatSection? _text;
    private readonly bool _conditional;

    /// <summary>The code as given.</summary>
    public string Code { get; }

    /// <summary>True when numbers show as General (no format at all).</summary>
    public bool IsGeneral { get; }

    /// <summary>True when a number section shows a date or time (y m d h s, AM/PM, [h] [m] [s]).</summary>
    public bool IsDate { get; }

    /// <summary>True when the code has a section for text (@).</summary>
    public bool HasTextSection => _text is not null;

    private ExcelNumberFormat(string code)
    {
        Code = code;
        var sections = NumberFormatTokenizer.SplitSections(code).Take(4).Select(s => new NumberFormatSection(s)).ToArray();
        var last = sections[^1];
        if (sections.Length == 4)
        {
            _numeric = sections[..3];
            _text = last;
        }
        else if (sections.Length > 1 && last.HasText && !last.HasDigits && !last.IsDate)
        {
            _numeric = sections[..^1];
            _text = last;
        }
        else
        {
            _numeric = sections;
            _text = sections.Length == 1 && last.HasText ? last : null;
        }
        IsGeneral = code.Equals("General", StringComparison.OrdinalIgnoreCase);
        IsDate = _numeric.Any(s => s.IsDate);
        _conditional = _numeric.Any(s => s.Condition is not null);
    }

    /// <summary>The compiled format; null, empty and "General" give <see cref="General"/>. Never throws:
    /// whatever Excel would refuse renders as literally as it can.</summary>
    public static ExcelNumberFormat Parse(string? code)
    {
        if (string.IsNullOrEmpty(code) || code.Equals("General", StringComparison.OrdinalIgnoreCase)) return General;
        if (Cache.TryGetValue(code, out var format)) return format;
        format = new ExcelNumberFormat(code);
        if (Cache.Count < CacheLimit) Cache.TryAdd(code, format);
        return format;
    }

    public static string Format(double value, string? code) => Parse(code).Format(value);

    /// <summary>Whether a code shows dates or times; quoted text, escaped characters and
    /// [colour]/[$-locale]/[condition] brackets do not count, [h]/[m]/[s] do.</summary>
    public static bool IsDateFormat(string? code) => Parse(code).IsDate;

    /// <summary>The text Excel shows for a number in a cell with this format.</summary>
    public string Format(double value)
    {
        if (!double.IsFinite(value)) return "#NUM!";
        if (value == 0) value = 0; // -0.0 shows as 0
        if (IsGeneral) return FormatGeneral(value);
        var (section, minus) = Choose(value);
        if (section is null) return FormatGeneral(value);
        if (section.IsDate && value < 0) return FormatGeneral(value);
        var text = section.FormatNumber(section.IsDate ? value : Math.Abs(value));
        return minus ? "-" + text : text;
    }

    /// <summary>The text Excel shows for a text value: through the @ section when there is one, else unchanged.</summary>
    public string FormatText(string text) => _text is null ? text : _text.FormatText(text);

    /// <summary>Which section shows a value and whether a minus sign goes in front of it.</summary>
    private (NumberFormatSection? Section, bool Minus) Choose(double value)
    {
        var negative = value < 0;
        if (_conditional)
        {
            for (var i = 0; i < _numeric.Length; i++)
            {
                var section = _numeric[i];
                if (section.Condition is not { } condition)
                    return (section, negative && i == 0);
                if (condition.Matches(value))
                {
                    // A section reserved for negative numbers shows them without a sign, like the plain second section.
                    var negativeOnly = condition.Op is ConditionOp.Less or ConditionOp.LessOrEqual && condition.Value <= 0;
                    return (section, negative && !negativeOnly);
                }
            }
            return (null, false);
        }
        return _numeric.Length switch
        {
            1 => (_numeric[0], negative),
            2 => negative ? (_numeric[1], false) : (_numeric[0], false),
            _ => value > 0 ? (_numeric[0], false) : negative ? (_numeric[1], false) : (_numeric[2], false),
        };
    }

    /// <summary>Excel's General in a standard-width cell: integers up to 11 digits in full, otherwise at
    /// most 11 characters (10 significant digits, fewer below 1), scientific with up to 6 significant
    /// digits beyond that (1E+11, 1.23457E-07).</summary>
    public static string FormatGeneral(double value)
    {
        if (!double.IsFinite(value)) return "#NUM!";
        if (value == 0) return "0";
        if (value < 0) return "-" + FormatGeneral(-value);
        var (digits, point) = DecimalDigits.Decompose(value);
        var magnitude = point - 1;
        // 1E-05 itself still fits 11 characters exactly; longer values that small lose too much in fixed form.
        if (magnitude is >= -4 and <= 10 || magnitude == -5 && digits.Length <= 5)
        {
            var decimals = magnitude < 0 ? 9 : Math.Max(0, 9 - magnitude);
            var (rounded, roundedPoint) = DecimalDigits.RoundSignificant(digits, point, point + decimals);
            var (integer, fraction) = DecimalDigits.Split(rounded, roundedPoint, decimals);
            fraction = fraction.TrimEnd('0');
            if (integer.Length <= 11)
                return (integer.Length == 0 ? "0" : integer) + (fraction.Length > 0 ? "." + fraction : "");
        }
        var (mantissa, mantissaPoint) = DecimalDigits.RoundSignificant(digits, point, 6);
        var exponent = mantissaPoint - 1;
        var text = mantissa.Length > 1 ? mantissa[0] + "." + mantissa[1..] : mantissa;
        return text + (exponent < 0 ? "E-" : "E+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The date and time a 1900-system serial stands for (days since 1899-12-30 from
    /// 1900-03-01 on; serials 1–59 are 1900-01-01..1900-02-28, as in Excel; serial 0 is 1899-12-31;
    /// serial 60, Excel's nonexistent 1900-02-29, gives 1900-02-28). Rounded to the millisecond.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, NaN, or past 9999-12-31.</exception>
    public static DateTime SerialToDateTime(double serial) => ExcelSerialDate.ToDateTime(serial);

    /// <summary>The 1900-system serial of a date and time (its Kind is ignored): 1900-01-01 is 1,
    /// 1900-03-01 is 61, 1900-01-01 12:00 is 1.5.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Before 1899-12-31, which has no serial.</exception>
    public static double DateTimeToSerial(DateTime value) =>
        ExcelSerialDate.TryFromDateTime(value, out var serial)
            ? serial
            : throw new ArgumentOutOfRangeException(nameof(value), value, "Dates before 1899-12-31 have no 1900-system serial.");

    public static bool TryDateTimeToSerial(DateTime value, out double serial) => ExcelSerialDate.TryFromDateTime(value, out serial);

    public override string ToString() => Code;
}
