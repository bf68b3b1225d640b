using System.Text;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Formats.Html;

/// <summary>Decodes the bytes of an HTML page, reconciling the byte order mark, the declared
/// charset and what the bytes themselves prove:
/// <list type="number">
/// <item>a BOM wins (UTF-8, UTF-16 LE/BE, UTF-32);</item>
/// <item>UTF-16 without a BOM is recognised from its zero bytes (a declaration could not even be read);</item>
/// <item>a charset declared by a <c>&lt;meta&gt;</c> in the head (the HTML prescan), with the
///   WHATWG label aliases (latin1 and ascii are windows-1252, gb2312 and gbk are GB18030, a declared
///   UTF-16 is UTF-8) — unless the bytes contradict it: a page declared in a legacy charset whose
///   non-ASCII bytes are all valid multi-byte UTF-8 is UTF-8 (legacy text is practically never valid
///   UTF-8 by chance), and a page declared UTF-8 whose non-ASCII bytes are mostly invalid UTF-8 is
///   in a legacy charset, detected from the bytes;</item>
/// <item>otherwise the bytes decide: UTF-8 unless most non-ASCII bytes are invalid UTF-8, else
///   <see cref="TextDecoding.Detect"/>, with Arabic and Greek single-byte pages added.</item>
/// </list></summary>
internal static class HtmlEncoding
{
    static HtmlEncoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>How far the prescan looks for a meta charset. The HTML standard prescans 1024 bytes and
    /// re-decodes when the tree builder meets a later meta; scanning the head covers both.</summary>
    private const int PrescanBytes = 64 * 1024;

    /// <summary>The encoding of a page and where its text starts (after a byte order mark).</summary>
    public static (Encoding Encoding, int Start) Detect(ReadOnlySpan<byte> data)
    {
        var sniffed = TextDecoding.Detect(data[..Math.Min(data.Length, TextDecoding.SampleSize)]);
        var bom = sniffed.Preamble;
        if (!bom.IsEmpty && data.StartsWith(bom)) return (sniffed, bom.Length);
        if (sniffed is UnicodeEncoding or UTF32Encoding) return (sniffed, 0);

        var (validMultiByte, invalid) = Utf8Census(data);
        var declared = DeclaredEncoding(data[..Math.Min(data.Length, PrescanBytes)]);
        if (declared is null || declared.CodePage == Encoding.UTF8.CodePage)
        {
            // A stray invalid byte in a UTF-8 page is a typo; a page of them is another charset.
            return (invalid > validMultiByte ? DetectLegacy(data) : Encoding.UTF8, 0);
        }
        return (invalid == 0 && validMultiByte > 0 ? Encoding.UTF8 : declared, 0);
    }

    /// <summary>Valid multi-byte UTF-8 sequences and invalid bytes in the whole input.</summary>
    private static (long ValidMultiByte, long Invalid) Utf8Census(ReadOnlySpan<byte> data)
    {
        long valid = 0, invalid = 0;
        var i = 0;
        while (i < data.Length)
        {
            // Skip ASCII quickly: most HTML is markup.
            var ascii = data[i..].IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
            if (ascii < 0) break;
            i += ascii;
            var length = ValidSequenceLength(data[i..]);
            if (length > 0) { valid++; i += length; }
            else { invalid++; i++; }
        }
        return (valid, invalid);
    }

    /// <summary>The length of the well-formed multi-byte sequence at the start, 0 if there is none
    /// (Unicode table 3-7: no overlongs, surrogates or code points above U+10FFFF).</summary>
    private static int ValidSequenceLength(ReadOnlySpan<byte> s)
    {
        static bool Continuation(ReadOnlySpan<byte> s, int at, byte low = 0x80, byte high = 0xBF) =>
            at < s.Length && s[at] >= low && s[at] <= high;

        return s[0] switch
        {
            >= 0xC2 and <= 0xDF => Continuation(s, 1) ? 2 : 0,
            0xE0 => Continuation(s, 1, 0xA0) && Continuation(s, 2) ? 3 : 0,
            0xED => Continuation(s, 1, 0x80, 0x9F) && Continuation(s, 2) ? 3 : 0,
            >= 0xE1 and <= 0xEF => Continuation(s, 1) && Continuation(s, 2) ? 3 : 0,
            0xF0 => Continuation(s, 1, 0x90) && Continuation(s, 2) && Continuation(s, 3) ? 4 : 0,
            >= 0xF1 and <= 0xF3 => Continuation(s, 1) && Continuation(s, 2) && Continuation(s, 3) ? 4 : 0,
            0xF4 => Continuation(s, 1, 0x80, 0x8F) && Continuation(s, 2) && Continuation(s, 3) ? 4 : 0,
            _ => 0,
        };
    }

    /// <summary>Legacy detection on a sample that starts where the non-ASCII text does: a long
    /// ASCII head (scripts, styles) would otherwise leave nothing to score. When the shared
    /// detection picks a single-byte page, the single-byte pages of scripts it does not know
    /// (Arabic, Greek) compete with it on how plausible the decoded text is.</summary>
    private static Encoding DetectLegacy(ReadOnlySpan<byte> data)
    {
        var first = data.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        var start = Math.Max(0, first);
        var sample = data.Slice(start, Math.Min(data.Length - start, TextDecoding.SampleSize));
        var detected = TextDecoding.Detect(sample);
        if (detected is UTF8Encoding) return Encoding.GetEncoding(1252);
        if (!detected.IsSingleByte) return detected;

        var best = detected;
        var bestScore = Plausibility(detected.GetString(sample));
        foreach (var codePage in (ReadOnlySpan<int>)[1256, 1253])
        {
            var candidate = Encoding.GetEncoding(codePage);
            var score = Plausibility(candidate.GetString(sample));
            if (score > bestScore) (best, bestScore) = (candidate, score);
        }
        return best;
    }

    /// <summary>How much decoded text looks like words: a non-ASCII letter next to a letter of the
    /// same Unicode block earns a point; an upper-case letter right after a lower-case one inside
    /// a word, a control character or U+FFFD costs. Text decoded with the wrong single-byte page
    /// mixes scripts and cases inside words.</summary>
    private static double Plausibility(string text)
    {
        double score = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c < 0x80) continue;
            if (char.IsLetter(c))
            {
                var previous = i > 0 ? text[i - 1] : ' ';
                var next = i + 1 < text.Length ? text[i + 1] : ' ';
                if (SameBlockLetter(previous, c) || SameBlockLetter(next, c)) score += 1;
                if (char.IsUpper(c) && char.IsLower(previous) && previous >= 0x80) score -= 2;
            }
            else if (char.IsControl(c) || c == '\uFFFD')
            {
                score -= 3;
            }
        }
        return score;

        static bool SameBlockLetter(char neighbour, char c) => char.IsLetter(neighbour) && neighbour >> 8 == c >> 8;
    }

    /// <summary>The encoding a <c>&lt;meta charset&gt;</c> or <c>&lt;meta http-equiv=content-type
    /// content="…; charset=…"&gt;</c> declares, null if none or unknown. Reads the bytes as ASCII:
    /// every encoding a prescan can find keeps ASCII where markup is.</summary>
    internal static Encoding? DeclaredEncoding(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var position = 0;
        while (true)
        {
            var meta = text.IndexOf("<meta", position, StringComparison.OrdinalIgnoreCase);
            if (meta < 0) return null;
            var comment = text.IndexOf("<!--", position, meta - position, StringComparison.Ordinal);
            if (comment >= 0)
            {
                // A meta inside a comment declares nothing.
                var commentEnd = text.IndexOf("-->", comment + 4, StringComparison.Ordinal);
                if (commentEnd < 0) return null;
                position = commentEnd + 3;
                continue;
            }
            var end = text.IndexOf('>', meta);
            if (end < 0) return null;
            var tag = text.AsSpan(meta + 5, end - meta - 5);
            position = end;
            if (tag.Length > 0 && !char.IsWhiteSpace(tag[0]) && tag[0] != '/') continue;
            var label = Attribute(tag, "charset");
            if (label is null && Attribute(tag, "http-equiv") is { } equiv && equiv.Equals("content-type", StringComparison.OrdinalIgnoreCase))
            {
                label = CharsetParameter(Attribute(tag, "content"));
            }
            if (label is not null && FromLabel(label) is { } encoding) return encoding;
        }
    }

    /// <summary>An attribute value from the inside of a start tag: quoted, single-quoted or bare.</summary>
    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var i = 0;
        while (i < tag.Length)
        {
            while (i < tag.Length && (char.IsWhiteSpace(tag[i]) || tag[i] == '/')) i++;
            var nameStart = i;
            while (i < tag.Length && tag[i] != '=' && !char.IsWhiteSpace(tag[i]) && tag[i] != '/') i++;
            var attributeName = tag[nameStart..i];
            while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
            string value = "";
            if (i < tag.Length && tag[i] == '=')
            {
                i++;
                while (i < tag.Length && char.IsWhiteSpace(tag[i])) i++;
                if (i < tag.Length && tag[i] is '"' or '\'')
                {
                    var quote = tag[i++];
                    var close = tag[i..].IndexOf(quote);
                    var valueEnd = close < 0 ? tag.Length : i + close;
                    value = tag[i..valueEnd].ToString();
                    i = Math.Min(tag.Length, valueEnd + 1);
                }
                else
                {
                    var valueStart = i;
                    while (i < tag.Length && !char.IsWhiteSpace(tag[i])) i++;
                    value = tag[valueStart..i].ToString();
                }
            }
            if (attributeName.Length == 0) { i++; continue; }
            if (attributeName.Equals(name, StringComparison.OrdinalIgnoreCase)) return value;
        }
        return null;
    }

    /// <summary>The charset parameter of a Content-Type value ("text/html; charset=gb2312").</summary>
    private static string? CharsetParameter(string? contentType)
    {
        if (contentType is null) return null;
        var at = contentType.IndexOf("charset", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return null;
        var rest = contentType.AsSpan(at + 7).TrimStart();
        if (rest.IsEmpty || rest[0] != '=') return null;
        rest = rest[1..].TrimStart().Trim('"').Trim('\'');
        var stop = rest.IndexOfAny(";, \t\"'");
        return (stop < 0 ? rest : rest[..stop]).ToString();
    }

    /// <summary>An encoding label, mapped as the WHATWG Encoding standard does for the labels
    /// where .NET would pick something narrower; null when the label names nothing known.</summary>
    internal static Encoding? FromLabel(string label)
    {
        var name = label.Trim().ToLowerInvariant();
        var codePage = name switch
        {
            "utf-8" or "utf8" or "unicode-1-1-utf-8" or "utf-16" or "utf-16le" or "utf-16be" or "unicode" => 65001,
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso_8859-1" or "cp1252" or "windows-1252" or "cp819" or "ibm819" => 1252,
            "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" or "chinese" or "csgb2312" or "iso-ir-58" or "gb18030" or "cp936" or "windows-936" => 54936,
            "big5" or "big5-hkscs" or "cn-big5" or "x-x-big5" or "csbig5" => 950,
            "shift_jis" or "shift-jis" or "sjis" or "x-sjis" or "ms932" or "ms_kanji" or "windows-31j" or "csshiftjis" => 932,
            "euc-kr" or "ks_c_5601-1987" or "korean" or "windows-949" or "cseuckr" => 949,
            "iso-8859-9" or "latin5" or "iso8859-9" => 1254,
            "tis-620" or "iso-8859-11" or "windows-874" => 874,
            _ => 0,
        };
        if (codePage == 65001) return Encoding.UTF8;
        try
        {
            return codePage != 0 ? Encoding.GetEncoding(codePage) : Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
