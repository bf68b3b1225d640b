using System.Globalization;
using System.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

/// <summary>Renders a block document as HTML the way cmark renders the same constructs, so that an
/// imported document can be compared with a spec's expected HTML. Test-only: it shows what the blocks
/// say, and nothing they do not (a list item's text is a paragraph: the model has no tight lists;
/// consecutive bullet items are one list: the model has no list boundary except an ordered list's
/// explicit start number).</summary>
public static class BlockHtmlRenderer
{
    public static string Render(DocxDocument document)
    {
        var html = new StringBuilder();
        RenderBlocks(document.Blocks, html);
        return html.ToString();
    }

    private static void RenderBlocks(IReadOnlyList<Block> blocks, StringBuilder html)
    {
        var i = 0;
        while (i < blocks.Count)
        {
            if (blocks[i].Type is BlockType.Bullet or BlockType.Todo or BlockType.Ordered) i = RenderList(blocks, i, html);
            else RenderBlock(blocks[i++], html);
        }
    }

    /// <summary>One list from <paramref name="start"/>: bullets and to-dos run on together; an ordered
    /// list ends before an item with an explicit number. Returns the index after the list.</summary>
    private static int RenderList(IReadOnlyList<Block> blocks, int start, StringBuilder html)
    {
        var ordered = blocks[start].Type == BlockType.Ordered;
        if (ordered)
        {
            var number = blocks[start].Style?.Sequence is { } sequence && sequence != "auto" ? sequence : "1";
            html.Append(number == "1" ? "<ol>\n" : $"<ol start=\"{number}\">\n");
        }
        else html.Append("<ul>\n");

        var i = start;
        for (; i < blocks.Count; i++)
        {
            var item = blocks[i];
            var belongs = ordered
                ? item.Type == BlockType.Ordered && (i == start || item.Style?.Sequence == "auto")
                : item.Type is BlockType.Bullet or BlockType.Todo;
            if (!belongs) break;
            html.Append("<li>");
            if (item.Type == BlockType.Todo)
                html.Append(item.Style?.Done == true ? "<input checked=\"\" disabled=\"\" type=\"checkbox\" /> " : "<input disabled=\"\" type=\"checkbox\" /> ");
            RenderInlines(item.Elements, html);
            if (item.Children is { Count: > 0 } children)
            {
                html.Append('\n');
                RenderBlocks(children, html);
            }
            html.Append("</li>\n");
        }
        html.Append(ordered ? "</ol>\n" : "</ul>\n");
        return i;
    }

    private static void RenderBlock(Block block, StringBuilder html)
    {
        switch (block.Type)
        {
            case BlockType.Text:
                html.Append("<p>");
                RenderInlines(block.Elements, html);
                html.Append("</p>\n");
                break;
            case >= BlockType.Heading1 and <= BlockType.Heading9:
                var level = Math.Min(6, block.Type - BlockType.Heading1 + 1);
                html.Append("<h").Append(level).Append('>');
                RenderInlines(block.Elements, html);
                html.Append("</h").Append(level).Append(">\n");
                break;
            case BlockType.Code:
                RenderCode(block, html);
                break;
            case BlockType.Divider:
                html.Append("<hr />\n");
                break;
            case BlockType.Quote:
                html.Append("<blockquote>\n<p>");
                RenderInlines(block.Elements, html);
                html.Append("</p>\n</blockquote>\n");
                break;
            case BlockType.QuoteContainer:
                html.Append("<blockquote>\n");
                if (!IsPlaceholder(block.Children)) RenderBlocks(block.Children ?? [], html);
                html.Append("</blockquote>\n");
                break;
            case BlockType.Callout:
                html.Append("<div class=\"callout\">\n");
                RenderBlocks(block.Children ?? [], html);
                html.Append("</div>\n");
                break;
            case BlockType.Table:
                RenderTable(block, html);
                break;
            case BlockType.Image:
                html.Append("<p><img src=\"media:").Append(block.Image?.MediaIndex.ToString(CultureInfo.InvariantCulture)).Append("\" /></p>\n");
                break;
            default:
                throw new InvalidOperationException($"no HTML for block type {block.Type}");
        }
    }

    /// <summary>A Feishu container holds at least one block: an empty one holds one empty paragraph.</summary>
    private static bool IsPlaceholder(IReadOnlyList<Block>? children) =>
        children is [{ Type: BlockType.Text, Elements: null or { Count: 0 }, Children: null or { Count: 0 } }];

    private static void RenderCode(Block block, StringBuilder html)
    {
        var language = block.Style?.Language ?? CodeLanguages.PlainText;
        html.Append("<pre><code");
        if (language != CodeLanguages.PlainText) html.Append(" class=\"language-").Append(((CodeLanguage)language).ToString()).Append('"');
        html.Append('>');
        var code = string.Concat((block.Elements ?? []).Select(e => e.Content));
        AppendEscaped(code, html);
        // The model joins the lines with "\n"; cmark ends each line with one.
        if (code.Length > 0) html.Append('\n');
        html.Append("</code></pre>\n");
    }

    /// <summary>cmark-gfm's table: a header row in thead, the other rows in tbody (left out when there are
    /// none), each cell's alignment as an align attribute.</summary>
    private static void RenderTable(Block block, StringBuilder html)
    {
        var table = block.Table ?? throw new InvalidOperationException("a table block without table properties");
        var cells = block.Children ?? [];
        html.Append("<table>\n");
        for (var row = 0; row < table.RowSize; row++)
        {
            var header = row == 0 && table.HeaderRow;
            if (header) html.Append("<thead>\n");
            if (row == (table.HeaderRow ? 1 : 0)) html.Append("<tbody>\n");
            html.Append("<tr>\n");
            for (var column = 0; column < table.ColumnSize; column++)
            {
                var cell = cells[row * table.ColumnSize + column];
                var content = cell.Children ?? [];
                var tag = header ? "th" : "td";
                html.Append('<').Append(tag);
                var align = content.Count > 0 ? content[0].Style?.Align : null;
                if (align is { } a) html.Append(" align=\"").Append(a switch { 1 => "left", 2 => "center", _ => "right" }).Append('"');
                html.Append('>');
                for (var i = 0; i < content.Count; i++)
                {
                    if (i > 0) html.Append("<br />");
                    if (content[i].Type == BlockType.Text) RenderInlines(content[i].Elements, html);
                    else RenderBlock(content[i], html);
                }
                html.Append("</").Append(tag).Append(">\n");
            }
            html.Append("</tr>\n");
            if (header) html.Append("</thead>\n");
        }
        if (table.RowSize > (table.HeaderRow ? 1 : 0)) html.Append("</tbody>\n");
        html.Append("</table>\n");
    }

    /// <summary>Each run wrapped in the tags of its style; the comparison's normalisation merges and
    /// nests them, so no nesting is chosen here.</summary>
    private static void RenderInlines(IReadOnlyList<TextElement>? elements, StringBuilder html)
    {
        foreach (var element in elements ?? [])
        {
            if (element.Kind == TextElementKind.Equation)
            {
                html.Append("<span class=\"math\">");
                AppendEscaped(element.Content, html);
                html.Append("</span>");
                continue;
            }
            var style = element.Style ?? TextElementStyle.Plain;
            var close = new StringBuilder();
            if (style.Link is { } link)
            {
                html.Append("<a href=\"");
                AppendHref(link, html);
                html.Append("\">");
                close.Insert(0, "</a>");
            }
            Wrap(style.Bold, "strong");
            Wrap(style.Italic, "em");
            Wrap(style.Strikethrough, "del");
            Wrap(style.Underline, "u");
            Wrap(style.InlineCode, "code");
            var lines = element.Content.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0) html.Append("<br />\n");
                AppendEscaped(lines[i], html);
            }
            html.Append(close);

            void Wrap(bool on, string tag)
            {
                if (!on) return;
                html.Append('<').Append(tag).Append('>');
                close.Insert(0, $"</{tag}>");
            }
        }
    }

    private static void AppendEscaped(string text, StringBuilder html)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                default: html.Append(c); break;
            }
        }
    }

    /// <summary>A link target as cmark writes an href: characters outside its safe set are percent-encoded
    /// as UTF-8, an existing percent sign is kept, and &amp; and ' are HTML-escaped.</summary>
    private static void AppendHref(string url, StringBuilder html)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < url.Length; i++)
        {
            var c = url[i];
            if (c == '&') html.Append("&amp;");
            else if (c == '\'') html.Append("&#x27;");
            else if (c < 128 && (char.IsAsciiLetterOrDigit(c) || "-_.+!*(),%#@?=;:/$~".Contains(c))) html.Append(c);
            else
            {
                var length = char.IsHighSurrogate(c) && i + 1 < url.Length ? 2 : 1;
                var count = Encoding.UTF8.GetBytes(url.AsSpan(i, length), utf8);
                for (var b = 0; b < count; b++) html.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
                i += length - 1;
            }
        }
    }
}
