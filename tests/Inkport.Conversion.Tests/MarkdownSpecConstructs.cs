using System.Text.RegularExpressions;

namespace Inkport.Conversion.Tests;

/// <summary>Decides, by the constructs an example uses, whether a Feishu document can represent its
/// expected HTML at all. The rules look at the example's text and expected HTML, never at its number;
/// the first rule that applies gives the reason.</summary>
public static partial class MarkdownSpecConstructs
{
    public const string RawHtml = "raw HTML: Feishu documents hold no HTML (Inkport keeps it as text)";
    public const string Footnotes = "footnotes: Feishu has none (references become [n], definitions a list after a divider)";
    public const string Image = "image by URL: never fetched, so no image block (the alt text stays, as a link)";
    public const string SmartPunctuation = "smart punctuation: a cmark option GitHub and Inkport leave off";
    public const string EmptyLink = "link with an empty destination: a Feishu link needs a URL (the text stays)";
    public const string CoreAutolink = "bare URL or e-mail address in a core CommonMark example: Inkport always applies GFM's extended autolinks, as GitHub does";
    public const string AdjacentBulletLists = "two bullet lists in a row: Feishu bullets have no list boundary, they merge into one";

    /// <summary>The constructs cmark itself writes; any other element in the expected HTML came from raw HTML.</summary>
    private static readonly HashSet<string> CmarkElements =
    [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "code", "hr", "table",
        "thead", "tbody", "tr", "th", "td", "strong", "em", "del", "a", "img", "br", "input", "section", "sup",
    ];

    // HTML as CommonMark defines its raw inline forms: open and closing tags, comments, processing
    // instructions, declarations and CDATA sections.
    [GeneratedRegex(@"<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][-A-Za-z0-9_.:]*(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s""'=<>`]+))?)*\s*/?>|</[A-Za-z][A-Za-z0-9-]*\s*>|<!--.*?-->|<\?.*?\?>|<![A-Za-z][^>]*>|<!\[CDATA\[.*?\]\]>", RegexOptions.Singleline)]
    private static partial Regex HtmlMarkup();

    [GeneratedRegex(@"</?([A-Za-z][A-Za-z0-9-]*)")]
    private static partial Regex TagName();

    private const string SmartCharacters = "\u201C\u201D\u2018\u2019\u2013\u2014\u2026";

    /// <summary>Null when the example is representable; else why not.</summary>
    public static string? NotRepresentable(MarkdownSpecExample example, string normalisedExpected)
    {
        if (HasRawHtml(example.Markdown, example.Html)) return RawHtml;
        if (example.Html.Contains("class=\"footnote", StringComparison.Ordinal) || example.Html.Contains("data-footnote", StringComparison.Ordinal)) return Footnotes;
        if (example.Html.Contains("<img", StringComparison.Ordinal)) return Image;
        if (SmartCharacters.Any(c => Count(example.Html, c) > Count(example.Markdown, c))) return SmartPunctuation;
        if (example.Html.Contains("href=\"\"", StringComparison.Ordinal)) return EmptyLink;
        if (normalisedExpected.Contains("</ul><ul>", StringComparison.Ordinal)) return AdjacentBulletLists;
        if (IsCore(example) && BareAddress().IsMatch(Unlinked().Replace(normalisedExpected, " "))) return CoreAutolink;
        return null;
    }

    /// <summary>Raw HTML is markup of the input that the expected HTML reproduces verbatim (escaped, it
    /// was text), an HTML block's opening line kept as is, or an element cmark never writes itself.</summary>
    public static bool HasRawHtml(string markdown, string html)
    {
        foreach (Match m in HtmlMarkup().Matches(markdown))
        {
            if (html.Contains(m.Value, StringComparison.Ordinal)) return true;
        }
        foreach (var line in markdown.Split('\n'))
        {
            var start = line.TrimStart(' ');
            if (line.Length - start.Length <= 3 && start.StartsWith('<') && html.Split('\n').Contains(line)) return true;
        }
        if (html.Contains("<!--", StringComparison.Ordinal) || html.Contains("<?", StringComparison.Ordinal) || html.Contains("<!", StringComparison.Ordinal)) return true;
        return TagName().Matches(html).Any(m => !CmarkElements.Contains(m.Groups[1].Value));
    }

    /// <summary>CommonMark's own examples, and the GFM spec's examples without an extension tag: cmark-gfm runs
    /// them with no extension on.</summary>
    private static bool IsCore(MarkdownSpecExample example) =>
        example.Spec == "commonmark-spec.md" || (example.Spec == "gfm-spec.md" && example.Tags.Count == 0);

    /// <summary>Links, code and code blocks of normalised HTML, which GFM's autolinks do not look into.</summary>
    [GeneratedRegex(@"<a [^>]*>.*?</a>|<code[^>]*>.*?</code>", RegexOptions.Singleline)]
    private static partial Regex Unlinked();

    /// <summary>What GFM's extended autolinks link: www., http://, https:// and ftp:// after a space, a
    /// delimiter or a line start, and e-mail addresses.</summary>
    [GeneratedRegex(@"(?:^|[\s>*_~(])(?:www\.|https?://|ftp://)[A-Za-z0-9]|[A-Za-z0-9.+_-]@[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.[A-Za-z0-9_-]*[A-Za-z]")]
    private static partial Regex BareAddress();

    private static int Count(string text, char c) => text.Count(x => x == c);
}
