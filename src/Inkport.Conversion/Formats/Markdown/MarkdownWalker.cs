using System.Globalization;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;
using Markdig.Extensions.Alerts;
using Markdig.Extensions.Footnotes;
using Markdig.Extensions.Mathematics;
using Markdig.Extensions.Tables;
using Markdig.Extensions.TaskLists;
using Markdig.Extensions.Yaml;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using DocxBlock = Inkport.Conversion.Model.Block;
using MarkdigBlock = Markdig.Syntax.Block;
using MarkdigTable = Markdig.Extensions.Tables.Table;
using MarkdigTableCell = Markdig.Extensions.Tables.TableCell;

namespace Inkport.Conversion.Formats.Markdown;

/// <summary>One walk over a Markdig syntax tree, producing docx blocks. Choices where Markdown and
/// Feishu differ:
/// <list type="bullet">
/// <item>A soft line break becomes a space, as an HTML renderer shows it; "\n" in a Feishu run is a
///   visible line break, so only hard breaks (two spaces or a backslash at the line end) become "\n".</item>
/// <item>YAML front matter is kept, as a YAML code block at the top: it is content the author wrote,
///   and dropping it would lose data silently. Only a mapping is front matter (<see cref="MarkdownConverter"/>).</item>
/// <item>A character reference to a line break ("&amp;#10;") is a space, as HTML shows it.</item>
/// <item>Tables follow GFM: the delimiter row sets the columns, and "\|" in a cell's code span is "|".</item>
/// <item>GitHub alerts become callouts coloured like GitHub's (note blue, tip green, important
///   purple, warning yellow, caution red), with the matching gemoji short name as the emoji.</item>
/// <item>Footnote references become "[n]" runs; the definitions follow a divider at the end,
///   each starting with "[n] ", as an HTML renderer places them.</item>
/// <item>Images that are data: URIs become image blocks; any other image is never fetched: it
///   stays as a link run showing its alt text, and the import reports 1005 (images failed).</item>
/// </list>
/// Top-level blocks go to the <see cref="DocxLimits.Budget"/> as they are built, and the walk stops once
/// it is full: a long document is not converted beyond the 20,000 blocks Feishu keeps.</summary>
internal sealed class MarkdownWalker(ConversionOptions options, Warnings warnings)
{
    private readonly List<MediaItem> _media = [];
    private readonly List<DocxBlock> _root = [];
    private DocxLimits.Budget _budget = null!;
    private MarkdownDocument? _document;
    private int _topIndex = -1;

    /// <summary>Once the budget is full: the index of the last top-level syntax block that gave it blocks;
    /// null when the walk reached the end.</summary>
    public int? StoppedAfter { get; private set; }

    /// <summary>Blocks the document kept, nested ones included.</summary>
    public int BlocksKept => _budget.Spent;

    /// <summary>GFM unescapes "\|" in a table row before reading inlines, so code spans in a cell lose the backslash too.</summary>
    private bool _inTableCell;

    /// <summary>The document, within the docx limits.</summary>
    public DocxDocument Convert(MarkdownDocument document)
    {
        _budget = new DocxLimits.Budget(options, warnings, _media);
        _document = document;
        AppendBlocks(document, _root);
        Full(_root);
        return _budget.Document();
    }

    /// <summary>Hands the blocks finished at the top level to the budget; true once it keeps no more.
    /// Nested outputs are part of a block still being built.</summary>
    private bool Full(List<DocxBlock> output)
    {
        if (!ReferenceEquals(output, _root)) return false;
        foreach (var block in _root) _budget.Add(block);
        _root.Clear();
        if (_budget.Full) StoppedAfter ??= _topIndex;
        return _budget.Full;
    }

    private void AppendBlocks(ContainerBlock container, List<DocxBlock> output)
    {
        foreach (var child in container)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (Full(output)) return;
            if (ReferenceEquals(container, _document)) _topIndex++;
            AppendBlock(child, output);
        }
    }

    private void AppendBlock(MarkdigBlock block, List<DocxBlock> output)
    {
        switch (block)
        {
            case HeadingBlock heading:
                AppendTextBlock(BlockTypes.Heading(heading.Level), heading.Inline, output);
                break;
            case ParagraphBlock paragraph:
                AppendTextBlock(BlockType.Text, paragraph.Inline, output);
                break;
            case MathBlock math:
                output.Add(EquationBlock(math.Lines.ToString()));
                break;
            case YamlFrontMatterBlock frontMatter:
                output.Add(CodeBlock(frontMatter.Lines.ToString(), (int)CodeLanguage.YAML));
                break;
            case FencedCodeBlock fenced when string.Equals(fenced.Info, "math", StringComparison.OrdinalIgnoreCase):
                output.Add(EquationBlock(fenced.Lines.ToString()));
                break;
            case FencedCodeBlock fenced:
                output.Add(CodeBlock(fenced.Lines.ToString(), CodeLanguages.Resolve(fenced.Info)));
                break;
            case CodeBlock indented:
                output.Add(CodeBlock(indented.Lines.ToString(), CodeLanguages.PlainText));
                break;
            case HtmlBlock html:
                // Raw HTML is kept as the text the author wrote.
                var raw = html.Lines.ToString();
                if (raw.Length > 0) output.Add(DocxBlock.Paragraph(TextElement.Run(raw)));
                break;
            case ThematicBreakBlock:
                output.Add(new DocxBlock { Type = BlockType.Divider });
                break;
            case AlertBlock alert:
                output.Add(Callout(alert));
                break;
            case QuoteBlock quote:
                output.Add(new DocxBlock { Type = BlockType.QuoteContainer, Children = ContainerChildren(quote) });
                break;
            case ListBlock list:
                AppendList(list, output);
                break;
            case MarkdigTable table:
                output.Add(Table(table));
                break;
            case FootnoteGroup footnotes:
                AppendFootnotes(footnotes, output);
                break;
            case LinkReferenceDefinitionGroup or BlankLineBlock:
                break;
            case ContainerBlock other:
                AppendBlocks(other, output);
                break;
            case LeafBlock { Inline: not null } leaf:
                AppendTextBlock(BlockType.Text, leaf.Inline, output);
                break;
            case LeafBlock leaf when leaf.Lines.Count > 0:
                output.Add(DocxBlock.Paragraph(TextElement.Run(leaf.Lines.ToString())));
                break;
        }
    }

    /// <summary>A text-like block from inlines; images split off it follow as siblings.</summary>
    private void AppendTextBlock(BlockType type, ContainerInline? inline, List<DocxBlock> output)
    {
        var (lead, trailing) = ConvertInlines(inline);
        if (lead.Count > 0 || trailing.Count == 0) output.Add(new DocxBlock { Type = type, Elements = lead });
        output.AddRange(trailing);
    }

    private static DocxBlock CodeBlock(string code, int language) => new()
    {
        Type = BlockType.Code,
        Elements = code.Length == 0 ? [] : [TextElement.Run(code)],
        Style = new TextBlockStyle { Language = language },
    };

    private static DocxBlock EquationBlock(string tex) => new()
    {
        Type = BlockType.Text,
        Elements = [new TextElement { Kind = TextElementKind.Equation, Content = tex }],
    };

    /// <summary>Children of a container block; never empty, so the container stays editable.</summary>
    private List<DocxBlock> ContainerChildren(ContainerBlock container)
    {
        var children = new List<DocxBlock>();
        AppendBlocks(container, children);
        if (children.Count == 0) children.Add(DocxBlock.Paragraph());
        return children;
    }

    private DocxBlock Callout(AlertBlock alert)
    {
        var (background, border, emoji) = alert.Kind.ToString().ToUpperInvariant() switch
        {
            "TIP" => (4, 4, "bulb"),
            "IMPORTANT" => (6, 6, "exclamation"),
            "WARNING" => (3, 3, "warning"),
            "CAUTION" => (1, 1, "no_entry"),
            _ => (5, 5, "information_source"),
        };
        var children = new List<DocxBlock>();
        AppendBlocks(alert, children);
        // The "[!NOTE]" line leaves an empty paragraph when nothing follows it on that line.
        children.RemoveAll(b => b.Type == BlockType.Text && b.Elements is { Count: 0 });
        if (children.Count == 0) children.Add(DocxBlock.Paragraph());
        return new DocxBlock
        {
            Type = BlockType.Callout,
            Callout = new CalloutProperty { BackgroundColor = background, BorderColor = border, EmojiId = emoji },
            Children = children,
        };
    }

    private void AppendList(ListBlock list, List<DocxBlock> output)
    {
        var first = true;
        var start = list.IsOrdered && int.TryParse(list.OrderedStart, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        foreach (var child in list)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            if (Full(output)) return;
            if (child is not ListItemBlock item) continue;
            var type = list.IsOrdered ? BlockType.Ordered : BlockType.Bullet;
            bool? done = null;
            List<TextElement> text = [];
            var children = new List<DocxBlock>();
            var rest = 0;
            if (item.Count > 0 && item[0] is ParagraphBlock paragraph)
            {
                if (paragraph.Inline?.FirstChild is TaskList task)
                {
                    type = BlockType.Todo;
                    done = task.Checked;
                }
                var (lead, trailing) = ConvertInlines(paragraph.Inline);
                if (done is not null) TrimLeadingSpace(lead);
                text = lead;
                children.AddRange(trailing);
                rest = 1;
            }
            for (var i = rest; i < item.Count; i++) AppendBlock(item[i], children);

            TextBlockStyle? style = type switch
            {
                BlockType.Todo => new TextBlockStyle { Done = done },
                BlockType.Ordered => new TextBlockStyle { Sequence = first ? start.ToString(CultureInfo.InvariantCulture) : "auto" },
                _ => null,
            };
            output.Add(new DocxBlock { Type = type, Elements = text, Style = style, Children = children.Count > 0 ? children : null });
            first = false;
        }
    }

    private static void TrimLeadingSpace(List<TextElement> elements)
    {
        if (elements.Count == 0 || elements[0].Kind != TextElementKind.TextRun) return;
        var trimmed = elements[0].Content.TrimStart();
        if (trimmed.Length == 0) elements.RemoveAt(0);
        else elements[0] = elements[0] with { Content = trimmed };
    }

    private static void TrimTrailingSpace(List<TextElement> elements)
    {
        if (elements.Count == 0 || elements[^1].Kind != TextElementKind.TextRun) return;
        var trimmed = elements[^1].Content.TrimEnd();
        if (trimmed.Length == 0) elements.RemoveAt(elements.Count - 1);
        else elements[^1] = elements[^1] with { Content = trimmed };
    }

    private DocxBlock Table(MarkdigTable table)
    {
        var rows = table.OfType<TableRow>().ToList();
        var columns = Math.Max(1, ColumnCount(table, rows));
        var cells = new List<DocxBlock>(rows.Count * columns);
        foreach (var row in rows)
        {
            options.Cancellation.ThrowIfCancellationRequested();
            for (var column = 0; column < columns; column++)
            {
                var align = column < table.ColumnDefinitions.Count ? Align(table.ColumnDefinitions[column].Alignment) : null;
                var content = new List<DocxBlock>();
                if (column < row.Count && row[column] is MarkdigTableCell cell)
                {
                    _inTableCell = true;
                    AppendBlocks(cell, content);
                    _inTableCell = false;
                }
                if (content.Count == 0) content.Add(DocxBlock.Paragraph());
                if (align is not null)
                {
                    for (var i = 0; i < content.Count; i++)
                    {
                        if (content[i].Type == BlockType.Text) content[i] = content[i] with { Style = new TextBlockStyle { Align = align } };
                    }
                }
                cells.Add(new DocxBlock { Type = BlockType.TableCell, Children = content });
            }
        }
        var rowCount = Math.Max(rows.Count, 1);
        if (rows.Count == 0) for (var column = 0; column < columns; column++) cells.Add(new DocxBlock { Type = BlockType.TableCell, Children = [DocxBlock.Paragraph()] });
        return new DocxBlock
        {
            Type = BlockType.Table,
            Table = new TableProperty
            {
                RowSize = rowCount,
                ColumnSize = columns,
                ColumnWidth = Enumerable.Repeat(100, columns).ToList(),
                MergeInfo = Enumerable.Repeat(MergeInfo.Single, rowCount * columns).ToList(),
                HeaderRow = rows.Count > 0 && rows[0].IsHeader,
            },
            Children = cells,
        };
    }

    /// <summary>GFM: the delimiter row gives the columns; a body row's excess cells are dropped. Markdig pads
    /// every row to the longest, so a header cell beyond the delimiter row (a table GFM would not
    /// recognise) keeps its column rather than losing its text.</summary>
    private static int ColumnCount(MarkdigTable table, List<TableRow> rows)
    {
        var columns = table.ColumnDefinitions.Count;
        if (rows.Count > 0 && rows[0].IsHeader)
        {
            for (var i = rows[0].Count - 1; i >= columns; i--)
            {
                if (rows[0][i] is ContainerBlock { Count: > 0 }) return i + 1;
            }
        }
        return columns > 0 ? columns : rows.Count == 0 ? 0 : rows.Max(r => r.Count);
    }

    private static int? Align(TableColumnAlign? alignment) => alignment switch
    {
        TableColumnAlign.Left => 1,
        TableColumnAlign.Center => 2,
        TableColumnAlign.Right => 3,
        _ => null,
    };

    private void AppendFootnotes(FootnoteGroup group, List<DocxBlock> output)
    {
        var footnotes = group.OfType<Footnote>().OrderBy(f => f.Order).ToList();
        if (footnotes.Count == 0) return;
        output.Add(new DocxBlock { Type = BlockType.Divider });
        foreach (var footnote in footnotes)
        {
            if (Full(output)) return;
            var blocks = new List<DocxBlock>();
            AppendBlocks(footnote, blocks);
            var marker = $"[{footnote.Order}] ";
            if (blocks.Count > 0 && blocks[0].Type == BlockType.Text && blocks[0].Elements is { } elements)
            {
                var builder = new TextElementBuilder();
                builder.Append(marker, TextElementStyle.Plain);
                foreach (var element in elements)
                {
                    if (element.Kind == TextElementKind.Equation) builder.AppendEquation(element.Content, element.Style ?? TextElementStyle.Plain);
                    else builder.Append(element.Content, element.Style ?? TextElementStyle.Plain);
                }
                blocks[0] = blocks[0] with { Elements = builder.Take() };
            }
            else
            {
                blocks.Insert(0, DocxBlock.Paragraph(TextElement.Run(marker.TrimEnd())));
            }
            output.AddRange(blocks);
        }
    }

    /// <summary>The runs of a text body, and the blocks that must follow it: each embedded image
    /// becomes an image block, and text after it a new text block.</summary>
    private (List<TextElement> Lead, List<DocxBlock> Trailing) ConvertInlines(ContainerInline? inline)
    {
        var state = new InlineState();
        if (inline is not null) AppendInlines(inline, TextElementStyle.Plain, state);
        var last = TakeText(state);
        if (state.Lead is null) return (last, state.Trailing);
        TrimLeadingSpace(last);
        if (last.Count > 0) state.Trailing.Add(new DocxBlock { Type = BlockType.Text, Elements = last });
        return (state.Lead, state.Trailing);
    }

    private static List<TextElement> TakeText(InlineState state)
    {
        var elements = state.Text.Take();
        EmailAutolinks.Apply(elements);
        return elements;
    }

    private sealed class InlineState
    {
        public TextElementBuilder Text { get; } = new();
        public List<TextElement>? Lead { get; set; }
        public List<DocxBlock> Trailing { get; } = [];
    }

    private void AppendInlines(ContainerInline container, TextElementStyle style, InlineState state)
    {
        for (var inline = container.FirstChild; inline is not null; inline = inline.NextSibling) AppendInline(inline, style, state);
    }

    private void AppendInline(Inline inline, TextElementStyle style, InlineState state)
    {
        var text = state.Text;
        switch (inline)
        {
            case LiteralInline literal:
                text.Append(literal.Content.AsSpan(), style);
                break;
            case CodeInline code:
                var content = _inTableCell && code.Content.Contains("\\|", StringComparison.Ordinal) ? code.Content.Replace("\\|", "|") : code.Content;
                text.Append(content, style with { InlineCode = true });
                break;
            case LineBreakInline lineBreak:
                text.Append(lineBreak.IsHard ? "\n" : " ", style);
                break;
            case MathInline math:
                text.AppendEquation(math.Content.ToString(), style);
                break;
            case EmphasisInline emphasis:
                AppendInlines(emphasis, Emphasize(emphasis, style), state);
                break;
            case LinkInline { IsImage: true } image:
                AppendImage(image, style, state);
                break;
            case LinkInline link:
                AppendInlines(link, string.IsNullOrEmpty(link.Url) ? style : style with { Link = link.Url }, state);
                break;
            case AutolinkInline autolink:
                text.Append(autolink.Url, style with { Link = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url });
                break;
            case FootnoteLink footnote:
                if (!footnote.IsBackLink) text.Append($"[{footnote.Footnote.Order}]", style);
                break;
            case TaskList:
                // The list item became a to-do; the marker itself is not text.
                break;
            case HtmlEntityInline entity:
                // "&#10;" is whitespace in HTML, but "\n" in a Feishu run is a line break.
                var decoded = entity.Transcoded.AsSpan();
                if (decoded.ContainsAny('\n', '\r')) text.Append(decoded.ToString().Replace('\n', ' ').Replace('\r', ' '), style);
                else text.Append(decoded, style);
                break;
            case HtmlInline html:
                text.Append(html.Tag, style);
                break;
            case DelimiterInline delimiter:
                // A delimiter nothing matched is literal text again.
                text.Append(delimiter.ToLiteral(), style);
                AppendInlines(delimiter, style, state);
                break;
            case ContainerInline other:
                AppendInlines(other, style, state);
                break;
        }
    }

    private static TextElementStyle Emphasize(EmphasisInline emphasis, TextElementStyle style) => emphasis.DelimiterChar switch
    {
        // One or two tildes (Markdig's subscript and strikethrough) are both GFM strikethrough.
        '~' => style with { Strikethrough = true },
        _ when emphasis.DelimiterCount >= 2 => style with { Bold = true },
        _ => style with { Italic = true },
    };

    private void AppendImage(LinkInline image, TextElementStyle style, InlineState state)
    {
        var url = image.Url ?? "";
        var embedded = EmbeddedImages.FromDataUri(url);
        if (embedded is null)
        {
            // Never fetched: the alt text stays, linking to the image where that is a real address.
            warnings.Add(ExtraCodes.DocxImagesFailed);
            var isDataUri = url.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
            var linkStyle = isDataUri || url.Length == 0 ? style : style with { Link = url };
            if (image.FirstChild is null) state.Text.Append(isDataUri || url.Length == 0 ? "[image]" : url, linkStyle);
            else AppendInlines(image, linkStyle, state);
            return;
        }

        var taken = TakeText(state);
        TrimTrailingSpace(taken);
        if (state.Lead is null) state.Lead = taken;
        else
        {
            TrimLeadingSpace(taken);
            if (taken.Count > 0) state.Trailing.Add(new DocxBlock { Type = BlockType.Text, Elements = taken });
        }
        var index = _media.Count;
        _media.Add(embedded.ToMedia(index));
        state.Trailing.Add(new DocxBlock
        {
            Type = BlockType.Image,
            Image = new ImageProperty { MediaIndex = index, Width = embedded.Width, Height = embedded.Height },
        });
    }
}
