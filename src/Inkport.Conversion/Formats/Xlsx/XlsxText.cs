using System.Text;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>Text helpers for SpreadsheetML strings.</summary>
internal static class XlsxText
{
    public static void AppendUtf8(StringBuilder text, ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return;
        var chars = Encoding.UTF8.GetMaxCharCount(utf8.Length);
        if (chars <= 1024)
        {
            Span<char> buffer = stackalloc char[chars];
            text.Append(buffer[..Encoding.UTF8.GetChars(utf8, buffer)]);
        }
        else text.Append(Encoding.UTF8.GetString(utf8));
    }

    /// <summary>A string with its <c>_xHHHH_</c> escapes (ST_Xstring: characters XML cannot hold, e.g.
    /// <c>_x000D_</c> for CR) decoded; <c>_x005F_</c> escapes a literal underscore.</summary>
    public static string Decode(StringBuilder text)
    {
        var value = text.ToString();
        return value.Contains("_x", StringComparison.Ordinal) ? Decode(value) : value;
    }

    public static string Decode(string value)
    {
        if (!value.Contains("_x", StringComparison.Ordinal)) return value;
        var result = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '_' && i + 6 < value.Length && value[i + 1] == 'x' && value[i + 6] == '_'
                && ushort.TryParse(value.AsSpan(i + 2, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var code))
            {
                result.Append((char)code);
                i += 6;
                continue;
            }
            result.Append(value[i]);
        }
        return result.ToString();
    }

    /// <summary>The first <paramref name="maxChars"/> UTF-16 units, a surrogate pair never split.</summary>
    public static string Cut(string value, int maxChars)
    {
        if (value.Length <= maxChars) return value;
        var length = maxChars;
        if (length > 0 && char.IsHighSurrogate(value[length - 1])) length--;
        return value[..length];
    }
}
