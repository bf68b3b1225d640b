using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>GFM's extended e-mail autolinks, which Markdig's autolink extension lacks: in plain text (not
/// already a link, not code), "local@domain" becomes a mailto: link when the local part is letters, digits
/// and ".+-_", and the domain is letters, digits, "-" and "_" with at least one inner "." and ends in a letter.</summary>
internal static class EmailAutolinks
{
    public static void Apply(List<TextElement> elements)
    {
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            if (element.Kind != TextElementKind.TextRun || element.Style is { Link: not null } or { InlineCode: true }) continue;
            if (!element.Content.Contains('@')) continue;
            var pieces = Split(element);
            if (pieces is null) continue;
            elements.RemoveAt(i);
            elements.InsertRange(i, pieces);
            i += pieces.Count - 1;
        }
    }

    /// <summary>The run cut into text and e-mail links, or null when it holds no address.</summary>
    private static List<TextElement>? Split(TextElement run)
    {
        var text = run.Content;
        var style = run.Style ?? TextElementStyle.Plain;
        List<TextElement>? pieces = null;
        var done = 0;
        for (var at = text.IndexOf('@'); at >= 0; at = at + 1 < text.Length ? text.IndexOf('@', at + 1) : -1)
        {
            var start = at;
            while (start > done && IsLocal(text[start - 1])) start--;
            if (start == at) continue;
            var end = at + 1;
            var dots = 0;
            while (end < text.Length)
            {
                var c = text[end];
                if (c == '.' && end + 1 < text.Length && char.IsAsciiLetterOrDigit(text[end + 1])) dots++;
                else if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_')) break;
                end++;
            }
            if (dots == 0 || !char.IsAsciiLetter(text[end - 1])) continue;

            pieces ??= [];
            if (start > done) pieces.Add(TextElement.Run(text[done..start], run.Style));
            var address = text[start..end];
            pieces.Add(TextElement.Run(address, style with { Link = "mailto:" + address }));
            done = end;
            at = end - 1;
        }
        if (pieces is null) return null;
        if (done < text.Length) pieces.Add(TextElement.Run(text[done..], run.Style));
        return pieces;
    }

    private static bool IsLocal(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' or '_';
}
