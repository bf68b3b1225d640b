using System.Buffers;
using System.Globalization;
using System.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Csv;

/// <summary>Types a CSV field the way a spreadsheet import does: numbers, percentages, booleans
/// and ISO-like dates become typed cells, everything else stays text. Values that would lose
/// information as numbers (leading zeros, more than 15 digits, a leading '+') stay text.</summary>
internal static class CsvValues
{
    /// <summary>Excel keeps 15 significant digits; longer digit strings are ids, not numbers.</summary>
    private const int MaxIntegerDigits = 15;

    private static readonly int EpochDay = new DateOnly(1899, 12, 30).DayNumber;

    /// <summary>The cell for a non-empty UTF-8 field. <paramref name="decimalComma"/> also accepts
    /// "1,5" and "1.234,5" (files delimited by ';' come from locales that write decimals so).</summary>
    public static Cell Type(int column, ReadOnlySpan<byte> field, bool decimalComma)
    {
        var s = field.Trim((byte)' ');
        if (s.Length is > 0 and < 64)
        {
            var c = s[0];
            if (char.IsAsciiDigit((char)c) || c is (byte)'-' or (byte)'.')
            {
                if (!decimalComma && TryPlainNumber(s, out var plain)) return Cell.Num(column, plain);
                // Numbers and dates are ASCII: widen them for the parsers, which read chars.
                Span<char> chars = stackalloc char[s.Length];
                if (Ascii.ToUtf16(s, chars, out _) == OperationStatus.Done)
                {
                    if (TryDate(chars, out var serial, out var dateFormat)) return Cell.Num(column, serial, dateFormat);
                    if (TryNumber(chars, decimalComma, out var value, out var format)) return Cell.Num(column, value, format);
                }
            }
            else if (Ascii.EqualsIgnoreCase(s, "TRUE"u8)) return Cell.Bool(column, true);
            else if (Ascii.EqualsIgnoreCase(s, "FALSE"u8)) return Cell.Bool(column, false);
        }
        return Cell.String(column, Encoding.UTF8.GetString(field));
    }

    public static bool TryNumber(ReadOnlySpan<char> s, bool decimalComma, out double value, out string? format)
    {
        if (decimalComma)
            return TryNumber(s, group: '.', point: ',', allowGroups: true, out value, out format)
                || TryNumber(s, group: ',', point: '.', allowGroups: false, out value, out format);
        return TryNumber(s, group: ',', point: '.', allowGroups: true, out value, out format);
    }

    private static bool TryNumber(ReadOnlySpan<char> s, char group, char point, bool allowGroups, out double value, out string? format)
    {
        value = 0;
        format = null;
        Span<char> norm = stackalloc char[s.Length + 1];
        var n = 0;
        var i = 0;
        if (s[0] == '-') norm[n++] = s[i++];
        var intStart = n;
        var grouped = false;
        while (i < s.Length && char.IsAsciiDigit(s[i])) norm[n++] = s[i++];
        var intDigits = n - intStart;
        if (allowGroups && intDigits is >= 1 and <= 3)
        {
            // Thousands groups: each separator is followed by exactly three digits.
            while (i + 4 <= s.Length && s[i] == group && IsDigits(s.Slice(i + 1, 3)) && (i + 4 == s.Length || !char.IsAsciiDigit(s[i + 4])))
            {
                s.Slice(i + 1, 3).CopyTo(norm[n..]);
                n += 3;
                i += 4;
                grouped = true;
            }
            intDigits = n - intStart;
        }
        if (intDigits > 1 && norm[intStart] == '0') return false;
        if (intDigits > MaxIntegerDigits) return false;
        var fraction = 0;
        if (i < s.Length && s[i] == point)
        {
            norm[n++] = '.';
            i++;
            while (i < s.Length && char.IsAsciiDigit(s[i])) { norm[n++] = s[i++]; fraction++; }
            if (fraction == 0) return false;
        }
        if (intDigits == 0 && fraction == 0) return false;
        var exponent = false;
        if (i < s.Length && s[i] is 'e' or 'E' && !grouped)
        {
            exponent = true;
            norm[n++] = 'e';
            i++;
            if (i < s.Length && s[i] is '+' or '-') norm[n++] = s[i++];
            var expStart = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) norm[n++] = s[i++];
            if (i == expStart) return false;
        }
        var percent = i < s.Length && s[i] == '%';
        if (percent) i++;
        if (i != s.Length) return false;
        if (!exponent && intDigits + fraction <= MaxIntegerDigits) value = Exact(norm[..n], fraction);
        else if (!double.TryParse(norm[..n], NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)) return false;
        if (percent)
        {
            value /= 100;
            format = fraction == 0 ? "0%" : "0.00%";
        }
        else if (grouped) format = fraction == 0 ? "#,##0" : "#,##0.00";
        return true;
    }

    /// <summary>The common case read straight from the bytes: an optional '-', digits without a
    /// leading zero, an optional '.' and fraction, 15 digits at most. Anything else (groups,
    /// exponents, percents, dates, ".5") is left to the full parsers; the value is the same.</summary>
    private static bool TryPlainNumber(ReadOnlySpan<byte> s, out double value)
    {
        value = 0;
        var i = s[0] == '-' ? 1 : 0;
        var intStart = i;
        long mantissa = 0;
        while (i < s.Length && char.IsAsciiDigit((char)s[i]) && i - intStart < MaxIntegerDigits) mantissa = mantissa * 10 + (s[i++] - '0');
        var intDigits = i - intStart;
        if (intDigits == 0 || (intDigits > 1 && s[intStart] == '0')) return false;
        var fraction = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]) && intDigits + fraction < MaxIntegerDigits)
            {
                mantissa = mantissa * 10 + (s[i++] - '0');
                fraction++;
            }
            if (fraction == 0) return false;
        }
        if (i != s.Length) return false;
        value = mantissa / Pow10[fraction];
        if (s[0] == '-') value = -value;
        return true;
    }

    private static readonly double[] Pow10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>At most 15 digits as an integer, divided by an exact power of ten: both operands
    /// are exact, so the one rounding of the division gives the correctly rounded value (as
    /// double.Parse would), without its cost.</summary>
    private static double Exact(ReadOnlySpan<char> number, int fraction)
    {
        long mantissa = 0;
        var negative = false;
        foreach (var c in number)
        {
            if (c == '-') negative = true;
            else if (c != '.') mantissa = mantissa * 10 + (c - '0');
        }
        var value = mantissa / Pow10[fraction];
        return negative ? -value : value;
    }

    private static bool IsDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return true;
    }

    /// <summary>yyyy-MM-dd or yyyy/M/d, optionally with " H:mm[:ss]" (or ISO 'T'), as serial days.</summary>
    public static bool TryDate(ReadOnlySpan<char> s, out double serial, out string? format)
    {
        serial = 0;
        format = null;
        if (s.Length < 8 || !IsDigits(s[..4]) || s[4] is not ('-' or '/')) return false;
        var sep = s[4];
        var i = 5;
        if (!Int(s, ref i, 1, 2, out var month) || i >= s.Length || s[i] != sep) return false;
        i++;
        if (!Int(s, ref i, 1, 2, out var day)) return false;
        if (sep == '-' && i != 10) return false;
        var year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
        if (year < 1900 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        var days = new DateOnly(year, month, day).DayNumber - EpochDay;
        int hour = 0, minute = 0, second = 0;
        var time = 0; // 0: date only, 1: with minutes, 2: with seconds
        if (i < s.Length)
        {
            if (s[i] is not (' ' or 'T')) return false;
            i++;
            if (!Int(s, ref i, 1, 2, out hour) || i >= s.Length || s[i] != ':') return false;
            i++;
            if (!Int(s, ref i, 2, 2, out minute)) return false;
            time = 1;
            if (i < s.Length && s[i] == ':')
            {
                i++;
                if (!Int(s, ref i, 2, 2, out second)) return false;
                time = 2;
            }
            if (i != s.Length || hour > 23 || minute > 59 || second > 59) return false;
        }
        serial = days + (hour * 3600 + minute * 60 + second) / 86400.0;
        format = (sep == '-' ? IsoDateFormats : SlashDateFormats)[time];
        return true;
    }

    private static readonly string[] IsoDateFormats = ["yyyy-mm-dd", "yyyy-mm-dd hh:mm", "yyyy-mm-dd hh:mm:ss"];
    private static readonly string[] SlashDateFormats = ["yyyy/m/d", "yyyy/m/d h:mm", "yyyy/m/d h:mm:ss"];

    private static bool Int(ReadOnlySpan<char> s, ref int i, int min, int max, out int value)
    {
        value = 0;
        var start = i;
        while (i < s.Length && i - start < max && char.IsAsciiDigit(s[i])) value = value * 10 + (s[i++] - '0');
        return i - start >= min && (i == s.Length || !char.IsAsciiDigit(s[i]));
    }
}
