using System.Net;
using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>The fallback for HTML altChunks when no HTML converter is given to
/// <see cref="WordConverter"/>: the chunk's visible text, one paragraph per block-level element
/// or line break. Script, style and comments are dropped; entities are decoded.</summary>
internal sealed class AltChunkText : IDocxConverter
{
    public static readonly AltChunkText Instance = new();

    private static readonly HashSet<string> BreakingTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol",
        "pre", "blockquote", "section", "article", "header", "footer", "dt", "dd", "hr", "body", "title",
    };

    public DocxConversion Convert(Stream source, ConversionOptions options)
    {
        string html;
        using (var reader = TextDecoding.OpenReader(source, out _)) html = reader.ReadToEnd();
        var text = new StringBuilder(html.Length / 2);
        var i = 0;
        while (i < html.Length)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (html[i] != '<') { text.Append(html[i] is '\r' or '\n' or '\t' ? ' ' : html[i]); i++; continue; }
            if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
            {
                var close = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = close < 0 ? html.Length : close + 3;
                continue;
            }
            var end = html.IndexOf('>', i + 1);
            if (end < 0) break;
            var closing = html[i + 1] == '/';
            var name = TagName(html, i + 1, end);
            i = end + 1;
            if (!closing && html[end - 1] != '/' && (name.Equals("script", StringComparison.OrdinalIgnoreCase)
                || name.Equals("style", StringComparison.OrdinalIgnoreCase) || name.Equals("head", StringComparison.OrdinalIgnoreCase)))
            {
                // Invisible content: skip to the matching end tag.
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                var after = close < 0 ? -1 : html.IndexOf('>', close);
                i = after < 0 ? html.Length : after + 1;
                continue;
            }
            if (BreakingTags.Contains(name)) text.Append('\n');
        }

        var blocks = new List<Block>();
        foreach (var line in WebUtility.HtmlDecode(text.ToString()).Split('\n'))
        {
            var paragraph = string.Join(' ', line.Split([' ', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
            if (paragraph.Length > 0) blocks.Add(Block.Paragraph(TextElement.Run(paragraph)));
        }
        var warnings = new Warnings();
        return new DocxConversion(DocxLimits.Apply(blocks, [], options, warnings), warnings.Codes);
    }

    private static string TagName(string html, int start, int end)
    {
        if (start < end && html[start] == '/') start++;
        var stop = start;
        while (stop < end && (char.IsAsciiLetterOrDigit(html[stop]))) stop++;
        return html[start..stop];
    }
}
