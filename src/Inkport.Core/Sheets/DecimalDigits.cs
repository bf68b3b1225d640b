using System.Globalization;

namespace Inkport.Core.Sheets;

/// <summary>Decimal digit strings of doubles, rounded the way Excel shows them: to 15 significant
/// digits first, then half away from zero on the decimal digits (so 2.675 → 2.68, 1.005 → 1.01).</summary>
internal static class DecimalDigits
{
    /// <summary>x = 0.Digits × 10^Point, Digits without trailing zeros, x &gt; 0 and finite.</summary>
    public static (string Digits, int Point) Decompose(double x)
    {
        var text = x.ToString("E14", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E');
        var digits = (text[0] + text[2..e]).TrimEnd('0');
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (digits, exponent + 1);
    }

    /// <summary>Keeps <paramref name="significant"/> digits, rounding half up on the digit string;
    /// a carry out of the first digit moves the point. Zero is ("", 0).</summary>
    public static (string Digits, int Point) RoundSignificant(string digits, int point, int significant)
    {
        if (significant < 0 || digits.Length == 0) return ("", 0);
        if (significant >= digits.Length) return (digits, point);
        var kept = digits.ToCharArray(0, significant);
        if (digits[significant] >= '5')
        {
            var i = significant - 1;
            while (i >= 0 && kept[i] == '9') kept[i--] = '0';
            if (i < 0) return ("1", point + 1);
            kept[i]++;
        }
        var result = new string(kept).TrimEnd('0');
        return result.Length == 0 ? ("", 0) : (result, point);
    }

    /// <summary>The integer digits ("" for zero) and exactly <paramref name="decimals"/> fraction digits, without rounding.</summary>
    public static (string Integer, string Fraction) Split(string digits, int point, int decimals)
    {
        if (digits.Length == 0) return ("", new string('0', decimals));
        var integer = point <= 0 ? "" : string.Create(point, digits, (span, d) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = i < d.Length ? d[i] : '0';
        });
        var fraction = string.Create(decimals, (digits, point), (span, state) =>
        {
            for (var k = 0; k < span.Length; k++)
            {
                var index = state.point + k;
                span[k] = index >= 0 && index < state.digits.Length ? state.digits[index] : '0';
            }
        });
        return (integer, fraction);
    }

    /// <summary>x ≥ 0 rounded to <paramref name="decimals"/> places.</summary>
    public static (string Integer, string Fraction) Round(double x, int decimals)
    {
        if (x == 0) return ("", new string('0', decimals));
        var (digits, point) = Decompose(x);
        var (rounded, roundedPoint) = RoundSignificant(digits, point, point + decimals);
        return Split(rounded, roundedPoint, decimals);
    }
}
