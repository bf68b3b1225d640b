using System.Text;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>Whether a link reference or footnote definition after a cut may change the text the walk used (before
/// <c>used</c> ≤ cut): a reference
/// ("[text][label]", "[label]") and a footnote ("[^label]") resolve against definitions anywhere in the document.
/// Conservative: every "[label]:" after the cut counts as a definition, wherever it stands, and a label the
/// prefix may use ("[label]" with the same normalised text) or one that cannot be compared safely (brackets,
/// backslashes, non-ASCII case folding) means yes.</summary>
internal static class Definitions
{
    /// <summary>CommonMark's longest link label.</summary>
    private const int MaxLabel = 999;

    public static bool Escape(string markdown, int cut, int used)
    {
        HashSet<string>? usedBeforeCut = null;
        var text = markdown.AsSpan();
        for (var colon = markdown.IndexOf("]:", cut, StringComparison.Ordinal); colon >= 0; colon = markdown.IndexOf("]:", colon + 2, StringComparison.Ordinal))
        {
            var open = text[Math.Max(cut, colon - MaxLabel - 1)..colon].LastIndexOf('[');
            if (open < 0) continue;
            var label = text.Slice(Math.Max(cut, colon - MaxLabel - 1) + open + 1, colon - (Math.Max(cut, colon - MaxLabel - 1) + open + 1));
            if (label.ContainsAny('[', '\\') || !Ascii.IsValid(label)) return true;
            usedBeforeCut ??= Labels(text[..used]);
            if (usedBeforeCut.Contains(Normalize(label))) return true;
        }
        return false;
    }

    /// <summary>The normalised text between each '[' and the next ']' (non-ASCII labels as they are: a
    /// definition with one after the cut is never compared).</summary>
    private static HashSet<string> Labels(ReadOnlySpan<char> text)
    {
        var labels = new HashSet<string>(StringComparer.Ordinal);
        for (var open = text.IndexOf('['); open >= 0;)
        {
            var rest = text[(open + 1)..];
            var close = rest.IndexOf(']');
            if (close < 0) break;
            if (close <= MaxLabel)
            {
                var inner = rest[..close];
                // "[a [b]": the label may start at the inner '['.
                var nested = inner.LastIndexOf('[');
                labels.Add(Normalize(nested >= 0 ? inner[(nested + 1)..] : inner));
            }
            var next = rest.IndexOf('[');
            if (next < 0) break;
            open += 1 + next;
        }
        return labels;
    }

    /// <summary>CommonMark label matching for ASCII: case-insensitive, runs of whitespace as one space, trimmed.</summary>
    private static string Normalize(ReadOnlySpan<char> label)
    {
        var normalized = new StringBuilder(label.Length);
        var space = false;
        foreach (var c in label.Trim())
        {
            if (char.IsWhiteSpace(c)) { space = true; continue; }
            if (space) { normalized.Append(' '); space = false; }
            normalized.Append(char.ToLowerInvariant(c));
        }
        return normalized.ToString();
    }
}
