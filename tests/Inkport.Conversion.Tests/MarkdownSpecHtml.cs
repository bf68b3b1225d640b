using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>Normalises HTML so that what a block document can say compares equal however it is written.
/// Both sides of a comparison go through it:
/// <list type="bullet">
/// <item>Markup: entities decoded then re-escaped one way, attributes sorted, void tags without "/",
///   whitespace between blocks dropped, a newline in text a space (a soft break), text trimmed at block edges
///   and around line breaks; pre keeps its text as is.</item>
/// <item>Inline formatting is flattened into runs of text carrying a set of marks (a href, strong, em, del,
///   code), adjacent runs with the same marks merged, then nested again one canonical way: Feishu runs carry
///   a style, not a nesting, so "&lt;em&gt;&lt;em&gt;a&lt;/em&gt;&lt;/em&gt;" and "&lt;em&gt;a&lt;/em&gt;" are the same text.</item>
/// <item>Inline content directly in a list item is wrapped in a paragraph: the model has no tight lists.</item>
/// <item>A link's title is dropped (Feishu links have none); a code block's language class is the Feishu
///   language it names (<see cref="CodeLanguages.Resolve"/>), or nothing when Feishu has no such language.</item>
/// </list></summary>
public static partial class MarkdownSpecHtml
{
    private static readonly HashSet<string> BlockElements =
    [
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote", "pre", "hr", "table", "thead",
        "tbody", "tr", "th", "td", "div", "section", "details", "summary", "dl", "dt", "dd", "figure",
    ];

    private static readonly HashSet<string> VoidElements = ["br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"];

    public static string Normalise(string html)
    {
        var root = Parse(html);
        var output = new StringBuilder();
        WriteChildren(root, output, inPre: false);
        return output.ToString();
    }

    // ------------------------------------------------------------------ parsing

    private abstract record Node;
    private sealed record TextNode(string Text) : Node;
    private sealed record RawNode(string Markup) : Node;
    private sealed record ElementNode(string Name, string Attributes, List<Node> Children) : Node;

    [GeneratedRegex(@"\G(?:<!--.*?-->|<\?.*?\?>|<!\[CDATA\[.*?\]\]>|<![A-Za-z][^>]*>)", RegexOptions.Singleline)]
    private static partial Regex RawMarkup();

    [GeneratedRegex(@"\G</([A-Za-z][A-Za-z0-9-]*)\s*>")]
    private static partial Regex EndTag();

    [GeneratedRegex(@"\G<([A-Za-z][A-Za-z0-9-]*)((?:\s+[A-Za-z_:][-A-Za-z0-9_.:]*(?:\s*=\s*(?:""[^""]*""|'[^']*'|[^\s""'=<>`]+))?)*)\s*(/?)>")]
    private static partial Regex StartTag();

    [GeneratedRegex(@"([A-Za-z_:][-A-Za-z0-9_.:]*)(?:\s*=\s*(?:""([^""]*)""|'([^']*)'|([^\s""'=<>`]+)))?")]
    private static partial Regex Attribute();

    private static ElementNode Parse(string html)
    {
        var root = new ElementNode("#root", "", []);
        var open = new List<ElementNode> { root };
        var text = new StringBuilder();
        var i = 0;
        while (i < html.Length)
        {
            if (html[i] == '<')
            {
                Match m;
                if ((m = RawMarkup().Match(html, i)).Success)
                {
                    FlushText();
                    open[^1].Children.Add(new RawNode(m.Value));
                    i += m.Length;
                    continue;
                }
                if ((m = EndTag().Match(html, i)).Success)
                {
                    FlushText();
                    var name = m.Groups[1].Value.ToLowerInvariant();
                    var at = open.FindLastIndex(e => e.Name == name);
                    if (at > 0) open.RemoveRange(at, open.Count - at);
                    i += m.Length;
                    continue;
                }
                if ((m = StartTag().Match(html, i)).Success)
                {
                    FlushText();
                    var name = m.Groups[1].Value.ToLowerInvariant();
                    var element = new ElementNode(name, NormaliseAttributes(name, m.Groups[2].Value), []);
                    open[^1].Children.Add(element);
                    if (m.Groups[3].Value.Length == 0 && !VoidElements.Contains(name)) open.Add(element);
                    i += m.Length;
                    continue;
                }
            }
            text.Append(html[i++]);
        }
        FlushText();
        return root;

        void FlushText()
        {
            if (text.Length == 0) return;
            open[^1].Children.Add(new TextNode(WebUtility.HtmlDecode(text.ToString())));
            text.Clear();
        }
    }

    private static string NormaliseAttributes(string element, string attributes)
    {
        var pairs = new List<(string Name, string Value)>();
        foreach (Match m in Attribute().Matches(attributes))
        {
            var name = m.Groups[1].Value.ToLowerInvariant();
            var value = WebUtility.HtmlDecode(m.Groups[2].Success ? m.Groups[2].Value : m.Groups[3].Success ? m.Groups[3].Value : m.Groups[4].Value);
            if (name == "title" && element is "a" or "img") continue;
            if (name == "class" && element == "code" && value.StartsWith("language-", StringComparison.Ordinal))
            {
                var language = CodeLanguages.Resolve(value);
                if (language == CodeLanguages.PlainText) continue;
                value = "language-" + (CodeLanguage)language;
            }
            pairs.Add((name, value));
        }
        var output = new StringBuilder();
        foreach (var (name, value) in pairs.OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            output.Append(' ').Append(name).Append("=\"");
            Escape(value, output);
            output.Append('"');
        }
        return output.ToString();
    }

    // ------------------------------------------------------------------ writing

    private static void WriteChildren(ElementNode parent, StringBuilder output, bool inPre)
    {
        var inline = new List<Node>();
        foreach (var child in parent.Children)
        {
            if (child is ElementNode element && BlockElements.Contains(element.Name))
            {
                WriteInline(inline, parent, output, inPre);
                inline.Clear();
                WriteElement(element, output, inPre);
            }
            else inline.Add(child);
        }
        WriteInline(inline, parent, output, inPre);
    }

    private static void WriteElement(ElementNode element, StringBuilder output, bool inPre)
    {
        output.Append('<').Append(element.Name).Append(element.Attributes).Append('>');
        if (VoidElements.Contains(element.Name)) return;
        WriteChildren(element, output, inPre || element.Name == "pre");
        output.Append("</").Append(element.Name).Append('>');
    }

    /// <summary>A piece of inline content: text, or an atom (a line break, an image, a checkbox, raw
    /// markup), under a set of marks kept in canonical order.</summary>
    private sealed record Segment(string Text, bool IsAtom, List<string> Marks)
    {
        public bool IsBreak => IsAtom && Text == "<br>";
    }

    private static void WriteInline(List<Node> nodes, ElementNode parent, StringBuilder output, bool inPre)
    {
        var segments = new List<Segment>();
        foreach (var node in nodes) Flatten(node, [], segments, inPre);
        if (!inPre) TrimWhitespace(segments);
        segments = Merge(segments);
        if (segments.Count == 0) return;

        var paragraph = parent.Name == "li";
        if (paragraph) output.Append("<p>");
        var stack = new List<string>();
        for (var i = 0; i < segments.Count; i++)
        {
            var marks = segments[i].Marks;
            var keep = 0;
            while (keep < stack.Count && marks.Contains(stack[keep])) keep++;
            for (var j = stack.Count - 1; j >= keep; j--) Close(stack[j]);
            stack.RemoveRange(keep, stack.Count - keep);
            // A mark that lasts longer opens first, so it can stay open around the shorter ones.
            var index = i;
            foreach (var mark in marks.Where(m => !stack.Contains(m)).OrderByDescending(m => Extent(segments, index, m)).ThenBy(MarkOrder).ThenBy(m => m, StringComparer.Ordinal))
            {
                output.Append('<').Append(mark).Append('>');
                stack.Add(mark);
            }
            if (segments[i].IsAtom) output.Append(segments[i].Text);
            else Escape(segments[i].Text, output);
        }
        for (var j = stack.Count - 1; j >= 0; j--) Close(stack[j]);
        if (paragraph) output.Append("</p>");

        void Close(string mark) => output.Append("</").Append(mark.Split(' ')[0]).Append('>');
    }

    private static void Flatten(Node node, List<string> marks, List<Segment> segments, bool inPre)
    {
        switch (node)
        {
            case TextNode text:
                segments.Add(new Segment(inPre ? text.Text : text.Text.Replace('\n', ' '), false, marks));
                break;
            case RawNode raw:
                segments.Add(new Segment(raw.Markup, true, marks));
                break;
            case ElementNode element when VoidElements.Contains(element.Name):
                segments.Add(new Segment($"<{element.Name}{element.Attributes}>", true, marks));
                break;
            case ElementNode element when BlockElements.Contains(element.Name):
                var block = new StringBuilder();
                WriteElement(element, block, inPre);
                segments.Add(new Segment(block.ToString(), true, marks));
                break;
            case ElementNode element:
                var mark = element.Name + element.Attributes;
                var inner = marks.Contains(mark) ? marks : marks.Append(mark).OrderBy(MarkOrder).ThenBy(m => m, StringComparer.Ordinal).ToList();
                foreach (var child in element.Children) Flatten(child, inner, segments, inPre);
                break;
        }
    }

    /// <summary>Whitespace at the edges of a block's inline content, and around a line break, is not content.</summary>
    private static void TrimWhitespace(List<Segment> segments)
    {
        var first = FirstText(segments);
        var last = LastText(segments);
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].IsAtom) continue;
            var text = segments[i].Text;
            if (i == first || (i > 0 && segments[i - 1].IsBreak)) text = text.TrimStart(' ', '\t');
            if (i == last || (i + 1 < segments.Count && segments[i + 1].IsBreak)) text = text.TrimEnd(' ', '\t');
            segments[i] = segments[i] with { Text = text };
        }
    }

    private static int FirstText(List<Segment> segments)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            if (segments[i].IsAtom) return -1;
            if (segments[i].Text.Trim(' ', '\t').Length > 0) return i;
            segments[i] = segments[i] with { Text = "" };
        }
        return -1;
    }

    private static int LastText(List<Segment> segments)
    {
        for (var i = segments.Count - 1; i >= 0; i--)
        {
            if (segments[i].IsAtom) return -1;
            if (segments[i].Text.Trim(' ', '\t').Length > 0) return i;
            segments[i] = segments[i] with { Text = "" };
        }
        return -1;
    }

    private static List<Segment> Merge(List<Segment> segments)
    {
        var merged = new List<Segment>();
        foreach (var segment in segments)
        {
            if (!segment.IsAtom && segment.Text.Length == 0) continue;
            if (!segment.IsAtom && merged.Count > 0 && !merged[^1].IsAtom && merged[^1].Marks.SequenceEqual(segment.Marks))
                merged[^1] = merged[^1] with { Text = merged[^1].Text + segment.Text };
            else merged.Add(segment);
        }
        return merged;
    }

    private static int Extent(List<Segment> segments, int from, string mark)
    {
        var end = from;
        while (end < segments.Count && segments[end].Marks.Contains(mark)) end++;
        return end - from;
    }

    private static int MarkOrder(string mark) => mark.Split(' ')[0] switch
    {
        "a" => 0,
        "strong" => 1,
        "em" => 2,
        "del" or "s" => 3,
        "u" => 4,
        "code" => 5,
        _ => 6,
    };

    private static void Escape(string text, StringBuilder output)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"': output.Append("&quot;"); break;
                default: output.Append(c); break;
            }
        }
    }
}
