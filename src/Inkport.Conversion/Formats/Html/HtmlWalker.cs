using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Html;

/// <summary>One walk over a parsed HTML document, producing docx blocks. Choices where HTML and
/// Feishu differ:
/// <list type="bullet">
/// <item>Only what a reader sees is content: scripts, styles, templates, noscript, iframes,
///   embedded media, form controls, the head, and elements hidden by the <c>hidden</c> attribute or
///   <c>display:none</c> are dropped. Only inline styles count; style sheets are not applied.</item>
/// <item>Wrappers (div, section, article, main, nav, header, footer, figure, details, ...) and
///   any unknown element only separate paragraphs; definition terms are bold paragraphs.</item>
/// <item>Colours map to the nearest of Feishu's palette (<see cref="CssColors"/>); &lt;mark&gt; is a
///   light yellow background. sup, sub and font sizes have no Feishu style and stay plain text.</item>
/// <item>A table inside a table cell is flattened into the cell's text, a paragraph per row with
///   " | " between cells: Feishu cannot nest tables.</item>
/// <item>Images that are data: URIs become image blocks; any other image is never fetched: its alt
///   text (or its file name when there is no alt) stays as a link run, and the import reports 1005.
///   An image with an empty alt is decorative and leaves no text.</item>
/// <item>Block nesting (list items, quotes) stops at <see cref="MaxBlockNesting"/> levels: deeper
///   content follows at that level, nothing is dropped. The parser caps element depth at
///   <see cref="HtmlConverter.MaxElementDepth"/> the same way, which bounds this walk's recursion.</item>
/// </list></summary>
internal sealed class HtmlWalker(ConversionOptions options, Warnings warnings)
{
    public const int MaxBlockNesting = 16;

    private readonly List<MediaItem> _media = [];
    private int _visited;
    private int _rootBlocksCounted;
    private long _rootBlocks;

    public IReadOnlyList<MediaItem> Media => _media;

    /// <summary>The walk ended early because the blocks so far already exceed the limit.</summary>
    public bool StoppedAtBlockLimit { get; private set; }

    /// <summary>The blocks of the body (or of the whole document when it has none).</summary>
    public List<Block> Convert(IDocument document)
    {
        var root = new BlockSink(0, inTable: false);
        var start = document.Body ?? document.DocumentElement;
        if (start is not null) WalkChildren(start, root, Flow.Default);
        root.Flush();
        return root.Blocks;
    }

    /// <summary>Past the block limit nothing more can be kept: the walk stops early instead of
    /// building blocks that <see cref="DocxLimits.Apply"/> would drop.</summary>
    private bool Full(BlockSink sink)
    {
        if (sink.Nesting > 0) return false;
        // Each top-level block is counted once; Apply reports the truncation.
        for (; _rootBlocksCounted < sink.Blocks.Count; _rootBlocksCounted++) _rootBlocks += DocxLimits.CountBlocks(sink.Blocks[_rootBlocksCounted]);
        if (_rootBlocks > options.Limits.MaxBlocks) StoppedAtBlockLimit = true;
        return StoppedAtBlockLimit;
    }

    private void WalkChildren(INode parent, BlockSink sink, in Flow flow)
    {
        var children = parent.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (Full(sink)) return;
            switch (children[i])
            {
                case IText text:
                    sink.AppendText(text.Data, flow);
                    break;
                case IElement element:
                    Walk(element, sink, flow);
                    break;
            }
        }
    }

    private void Walk(IElement element, BlockSink sink, Flow flow)
    {
        if ((++_visited & 0xFFF) == 0) options.Cancellation.ThrowIfCancellationRequested();
        if (element.HasAttribute("hidden")) return;
        var name = element.LocalName;
        if (Dropped(name)) return;
        if (element.GetAttribute("style") is { } css && !ApplyCss(css, ref flow)) return;

        switch (name)
        {
            case "br":
                sink.LineBreak(flow);
                return;
            case "hr":
                sink.Add(new Block { Type = BlockType.Divider });
                return;
            case "img":
                Image(element, sink, flow);
                return;
            case "input":
                Checkbox(element, sink, flow);
                return;
            case "pre" or "xmp" or "listing" or "plaintext":
                sink.Add(CodeBlock(element));
                return;
            case "table":
                Table(element, sink, flow);
                return;
            case "ul" or "ol" or "menu" or "dir":
                List(element, sink, flow);
                return;
            case "li":
                // A list item outside a list is still a list item.
                sink.Flush();
                AddListItem(element, sink, flow, ordered: false, sequence: null);
                return;
            case "blockquote":
                Quote(element, sink, flow);
                return;
            case "h1" or "h2" or "h3" or "h4" or "h5" or "h6":
                Paragraph(element, sink, flow with { Kind = BlockTypes.Heading(name[1] - '0') });
                return;
            case "dt":
                Paragraph(element, sink, flow with { Style = flow.Style with { Bold = true } });
                return;
            case "center":
                Paragraph(element, sink, flow with { Align = 2 });
                return;
            case "q":
                sink.AppendText("\u201C", flow);
                WalkChildren(element, sink, flow);
                sink.AppendText("\u201D", flow);
                return;
            case "textarea":
                Paragraph(element, sink, flow with { Preserve = true });
                return;
        }

        if (IsBlock(name))
        {
            Paragraph(element, sink, flow);
            return;
        }
        WalkChildren(element, sink, InlineFlow(element, name, flow));
    }

    /// <summary>Hidden by the hidden attribute or an inline display:none.</summary>
    internal static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden")) return true;
        var flow = Flow.Default;
        return element.GetAttribute("style") is { } css && !ApplyCss(css, ref flow);
    }

    private static bool Dropped(string name) => name is "script" or "style" or "template" or "noscript" or "iframe"
        or "frame" or "frameset" or "noframes" or "object" or "embed" or "applet" or "video" or "audio" or "canvas"
        or "svg" or "select" or "datalist" or "head" or "title" or "meta" or "link" or "base" or "map" or "param"
        or "source" or "track" or "dialog" or "math";

    /// <summary>Elements that begin and end a paragraph (block-level in HTML's rendering).</summary>
    private static bool IsBlock(string name) => name is "p" or "div" or "section" or "article" or "main" or "nav"
        or "header" or "footer" or "aside" or "address" or "figure" or "figcaption" or "details" or "summary"
        or "dl" or "dd" or "form" or "fieldset" or "legend" or "hgroup" or "body" or "html" or "caption"
        or "search" or "tr" or "td" or "th" or "tbody" or "thead" or "tfoot" or "option" or "optgroup";

    /// <summary>A paragraph-level element: its content opens new paragraphs, aligned as it says.</summary>
    private void Paragraph(IElement element, BlockSink sink, Flow flow)
    {
        sink.Flush();
        if (AlignAttribute(element) is { } align) flow = flow with { Align = align };
        WalkChildren(element, sink, flow);
        sink.Flush();
    }

    /// <summary>The inline style an element adds (b, i, u, s, code, a, mark, font).</summary>
    private static Flow InlineFlow(IElement element, string name, in Flow flow)
    {
        var style = flow.Style;
        switch (name)
        {
            case "b" or "strong":
                style = style with { Bold = true };
                break;
            case "i" or "em" or "cite" or "dfn" or "var":
                style = style with { Italic = true };
                break;
            case "u" or "ins":
                style = style with { Underline = true };
                break;
            case "s" or "strike" or "del":
                style = style with { Strikethrough = true };
                break;
            case "code" or "kbd" or "samp" or "tt":
                style = style with { InlineCode = true };
                break;
            case "mark":
                style = style with { BackgroundColor = 3 };
                break;
            case "a":
                if (LinkTarget(element.GetAttribute("href")) is { } href) style = style with { Link = href };
                break;
            case "font":
                if (element.GetAttribute("color") is { } color && CssColors.TryTextColor(color, out var textColor))
                    style = style with { TextColor = textColor };
                break;
        }
        return ReferenceEquals(style, flow.Style) ? flow : flow with { Style = style };
    }

    /// <summary>A link worth keeping: not a script, not a fragment of the page being imported.</summary>
    private static string? LinkTarget(string? href)
    {
        var target = href?.Trim();
        if (string.IsNullOrEmpty(target) || target[0] == '#') return null;
        if (target.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("vbscript:", StringComparison.OrdinalIgnoreCase)
            || target.StartsWith("data:", StringComparison.OrdinalIgnoreCase)) return null;
        return target;
    }

    /// <summary>Applies an inline style attribute to the flow; false when it hides the element.</summary>
    private static bool ApplyCss(string css, ref Flow flow)
    {
        var style = flow.Style;
        foreach (var declaration in css.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon <= 0) continue;
            var property = declaration.AsSpan(0, colon).Trim();
            var value = declaration[(colon + 1)..].Trim();
            var lower = value.ToLowerInvariant();
            if (property.Equals("display", StringComparison.OrdinalIgnoreCase))
            {
                if (lower.StartsWith("none", StringComparison.Ordinal)) return false;
            }
            else if (property.Equals("color", StringComparison.OrdinalIgnoreCase))
            {
                if (CssColors.TryTextColor(value, out var color)) style = style with { TextColor = color };
            }
            else if (property.Equals("background-color", StringComparison.OrdinalIgnoreCase) || property.Equals("background", StringComparison.OrdinalIgnoreCase))
            {
                if (BackgroundOf(value) is { } background) style = style with { BackgroundColor = background.Color };
            }
            else if (property.Equals("font-weight", StringComparison.OrdinalIgnoreCase))
            {
                if (lower is "bold" or "bolder") style = style with { Bold = true };
                else if (lower is "normal" or "lighter") style = style with { Bold = false };
                else if (int.TryParse(lower, NumberStyles.None, CultureInfo.InvariantCulture, out var weight)) style = style with { Bold = weight >= 600 };
            }
            else if (property.Equals("font-style", StringComparison.OrdinalIgnoreCase))
            {
                style = style with { Italic = lower.StartsWith("italic", StringComparison.Ordinal) || lower.StartsWith("oblique", StringComparison.Ordinal) };
            }
            else if (property.Equals("text-decoration", StringComparison.OrdinalIgnoreCase) || property.Equals("text-decoration-line", StringComparison.OrdinalIgnoreCase))
            {
                if (lower.Contains("none", StringComparison.Ordinal)) style = style with { Underline = false, Strikethrough = false };
                if (lower.Contains("underline", StringComparison.Ordinal)) style = style with { Underline = true };
                if (lower.Contains("line-through", StringComparison.Ordinal)) style = style with { Strikethrough = true };
            }
            else if (property.Equals("text-align", StringComparison.OrdinalIgnoreCase))
            {
                if (Alignment(lower) is { } align) flow = flow with { Align = align };
            }
            else if (property.Equals("white-space", StringComparison.OrdinalIgnoreCase))
            {
                flow = flow with { Preserve = lower.StartsWith("pre", StringComparison.Ordinal) && lower != "pre-line" };
            }
        }
        if (!ReferenceEquals(style, flow.Style)) flow = flow with { Style = style };
        return true;
    }

    /// <summary>The colour of a background value: the whole value, or the first of its words that
    /// is a colour ("url(x) #fff no-repeat").</summary>
    private static (int? Color, bool Found)? BackgroundOf(string value)
    {
        if (CssColors.TryBackgroundColor(value, out var color)) return (color, true);
        foreach (var word in value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (CssColors.TryBackgroundColor(word, out color)) return (color, true);
        }
        return null;
    }

    private static int? AlignAttribute(IElement element) =>
        element.GetAttribute("align") is { } align ? Alignment(align.Trim().ToLowerInvariant()) : null;

    private static int? Alignment(string value) => value switch
    {
        "left" or "start" or "justify" => 1,
        "center" or "middle" or "-webkit-center" or "-moz-center" => 2,
        "right" or "end" => 3,
        _ => null,
    };

    private void Checkbox(IElement input, BlockSink sink, in Flow flow)
    {
        if (!string.Equals(input.GetAttribute("type"), "checkbox", StringComparison.OrdinalIgnoreCase)) return;
        var isChecked = input.HasAttribute("checked");
        if (sink.IsListItem && sink.IsEmpty && sink.Done is null)
        {
            sink.Done = isChecked;
            return;
        }
        sink.AppendText(isChecked ? "\u2611 " : "\u2610 ", flow);
    }

    private void Quote(IElement quote, BlockSink sink, in Flow flow)
    {
        sink.Flush();
        if (sink.Nesting >= MaxBlockNesting)
        {
            WalkChildren(quote, sink, flow);
            sink.Flush();
            return;
        }
        var inner = new BlockSink(sink.Nesting + 1, sink.InTable);
        WalkChildren(quote, inner, flow with { Kind = BlockType.Text });
        inner.Flush();
        if (inner.Blocks.Count == 0) inner.Blocks.Add(Block.Paragraph());
        sink.Add(new Block { Type = BlockType.QuoteContainer, Children = inner.Blocks });
    }

    private void List(IElement list, BlockSink sink, in Flow flow)
    {
        sink.Flush();
        var ordered = list.LocalName == "ol";
        var start = ordered && ParseInteger(list.GetAttribute("start")) is { } s ? s : 1;
        var first = true;
        var children = list.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            if (Full(sink)) return;
            if (children[i] is not IElement child)
            {
                if (children[i] is IText text) sink.AppendText(text.Data, flow);
                continue;
            }
            if (child.LocalName == "li")
            {
                sink.Flush();
                string? sequence = null;
                if (ordered)
                {
                    var value = ParseInteger(child.GetAttribute("value"));
                    sequence = (value ?? (first ? start : null))?.ToString(CultureInfo.InvariantCulture) ?? "auto";
                }
                AddListItem(child, sink, flow, ordered, sequence);
                first = false;
            }
            else if (child.LocalName is "ul" or "ol" && sink.Blocks.Count > 0 && IsListBlock(sink.Blocks[^1]) && sink.Nesting < MaxBlockNesting)
            {
                // A list directly inside a list belongs to the item before it, as browsers indent it.
                var previous = sink.Blocks[^1];
                var nested = new BlockSink(sink.Nesting + 1, sink.InTable);
                List(child, nested, flow);
                nested.Flush();
                sink.Blocks[^1] = previous with { Children = [.. previous.Children ?? [], .. nested.Blocks] };
            }
            else
            {
                Walk(child, sink, flow);
            }
        }
        sink.Flush();
    }

    private static bool IsListBlock(Block block) => block.Type is BlockType.Bullet or BlockType.Ordered or BlockType.Todo;

    /// <summary>A list item: its first paragraph is the item's text, the rest its children; a
    /// leading checkbox makes it a to-do.</summary>
    private void AddListItem(IElement item, BlockSink sink, Flow flow, bool ordered, string? sequence)
    {
        var inner = new BlockSink(sink.Nesting + 1, sink.InTable) { IsListItem = true };
        if (AlignAttribute(item) is { } align) flow = flow with { Align = align };
        WalkChildren(item, inner, flow with { Kind = BlockType.Text });
        inner.Flush();

        var blocks = inner.Blocks;
        IReadOnlyList<TextElement> text = [];
        int? textAlign = null;
        var rest = 0;
        if (blocks.Count > 0 && blocks[0].Type == BlockType.Text && blocks[0].Children is null)
        {
            text = blocks[0].Elements ?? [];
            textAlign = blocks[0].Style?.Align;
            rest = 1;
        }
        var type = inner.Done is not null ? BlockType.Todo : ordered ? BlockType.Ordered : BlockType.Bullet;
        var style = type switch
        {
            BlockType.Todo => new TextBlockStyle { Done = inner.Done, Align = textAlign },
            BlockType.Ordered => new TextBlockStyle { Sequence = sequence ?? "auto", Align = textAlign },
            _ => textAlign is null ? null : new TextBlockStyle { Align = textAlign },
        };
        var children = blocks.Count > rest ? blocks.GetRange(rest, blocks.Count - rest) : null;
        if (children is not null && sink.Nesting + 1 > MaxBlockNesting)
        {
            sink.Add(new Block { Type = type, Elements = text, Style = style });
            sink.Blocks.AddRange(children);
            return;
        }
        sink.Add(new Block { Type = type, Elements = text, Style = style, Children = children });
    }

    private Block CodeBlock(IElement pre)
    {
        var text = new StringBuilder();
        CollectText(pre, text);
        if (text.Length > 0 && text[^1] == '\n') text.Length--;
        return new Block
        {
            Type = BlockType.Code,
            Elements = text.Length == 0 ? [] : [TextElement.Run(text.ToString())],
            Style = new TextBlockStyle { Language = CodeLanguage(pre) },
        };
    }

    /// <summary>The text of a subtree as written (br is a newline), without dropped elements.
    /// Iterative: a &lt;pre&gt; may hold anything.</summary>
    private void CollectText(INode root, StringBuilder text)
    {
        var stack = new Stack<(INode Node, int Next)>();
        stack.Push((root, 0));
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            var children = node.ChildNodes;
            if (next >= children.Length) continue;
            stack.Push((node, next + 1));
            if ((++_visited & 0xFFF) == 0) options.Cancellation.ThrowIfCancellationRequested();
            switch (children[next])
            {
                case IText t:
                    text.Append(t.Data);
                    break;
                case IElement { LocalName: "br" }:
                    text.Append('\n');
                    break;
                case IElement e when !Dropped(e.LocalName):
                    stack.Push((e, 0));
                    break;
            }
        }
    }

    /// <summary>The language a pre or its code child names: a language-* or lang-* class, a
    /// data-lang attribute, or (pandoc, highlight.js) a class that is itself a language name.</summary>
    private static int CodeLanguage(IElement pre)
    {
        IElement[] candidates = pre.FirstElementChild is { LocalName: "code" } code ? [code, pre] : [pre];
        foreach (var element in candidates)
        {
            foreach (var cls in element.ClassList)
            {
                if (cls.StartsWith("language-", StringComparison.OrdinalIgnoreCase) || cls.StartsWith("lang-", StringComparison.OrdinalIgnoreCase))
                    return CodeLanguages.Resolve(cls);
            }
            foreach (var attribute in (ReadOnlySpan<string>)["data-lang", "data-language"])
            {
                if (element.GetAttribute(attribute) is { } lang && CodeLanguages.Resolve(lang) is var resolved and not CodeLanguages.PlainText) return resolved;
            }
        }
        foreach (var element in candidates)
        {
            foreach (var cls in element.ClassList)
            {
                if (cls.Length > 1 && CodeLanguages.Resolve(cls) is var resolved and not CodeLanguages.PlainText) return resolved;
            }
        }
        return CodeLanguages.PlainText;
    }

    private void Image(IElement image, BlockSink sink, in Flow flow)
    {
        var source = image.GetAttribute("src")?.Trim() ?? "";
        if (source.Length == 0) return;
        if (EmbeddedImages.FromDataUri(source) is { } embedded)
        {
            var (width, height) = DisplaySize(image, embedded.Width, embedded.Height);
            var index = _media.Count;
            _media.Add(embedded.ToMedia(index));
            sink.Add(new Block { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = index, Width = width, Height = height } });
            return;
        }

        // Never fetched: the alt text stays, linking to the image (or to the link around it).
        warnings.Add(ExtraCodes.DocxImagesFailed);
        var isDataUri = source.StartsWith("data:", StringComparison.OrdinalIgnoreCase);
        var alt = image.GetAttribute("alt");
        var label = alt is null ? (isDataUri ? "[image]" : FileName(source)) : alt.Trim();
        if (label.Length == 0) return;
        var link = flow.Style.Link ?? (isDataUri ? null : source);
        sink.AppendText(label, flow with { Style = flow.Style with { Link = link } });
    }

    private static string FileName(string url)
    {
        var end = url.IndexOfAny(['?', '#']);
        var path = end < 0 ? url : url[..end];
        var name = path.TrimEnd('/');
        var slash = name.LastIndexOf('/');
        name = slash < 0 ? name : name[(slash + 1)..];
        return name.Length == 0 ? url : Uri.UnescapeDataString(name);
    }

    /// <summary>The width and height attributes (pixels) where given, the other side scaled to
    /// keep the image's aspect ratio; the image's own size otherwise.</summary>
    private static (int Width, int Height) DisplaySize(IElement image, int naturalWidth, int naturalHeight)
    {
        var width = ParseInteger(image.GetAttribute("width"));
        var height = ParseInteger(image.GetAttribute("height"));
        if (width is > 0 && height is > 0) return (width.Value, height.Value);
        if (width is > 0 && naturalWidth > 0) return (width.Value, (int)Math.Round((double)naturalHeight * width.Value / naturalWidth));
        if (height is > 0 && naturalHeight > 0) return ((int)Math.Round((double)naturalWidth * height.Value / naturalHeight), height.Value);
        return (naturalWidth, naturalHeight);
    }

    /// <summary>HTML's rules for integers: optional whitespace and sign, then leading digits
    /// ("3\"" is 3, "120px" is 120); null when there are no digits.</summary>
    internal static int? ParseInteger(string? value)
    {
        if (value is null) return null;
        var span = value.AsSpan().TrimStart();
        var negative = false;
        if (!span.IsEmpty && span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }
        var digits = 0;
        while (digits < span.Length && char.IsAsciiDigit(span[digits])) digits++;
        if (digits == 0) return null;
        var number = long.Parse(span[..Math.Min(digits, 10)], NumberStyles.None, CultureInfo.InvariantCulture);
        number = Math.Min(number, int.MaxValue);
        return (int)(negative ? -number : number);
    }

    private void Table(IElement table, BlockSink sink, Flow flow)
    {
        var layout = HtmlTable.Read(table);
        var tableNesting = sink.Nesting + 2;
        if (sink.InTable || tableNesting > MaxBlockNesting)
        {
            FlattenTable(layout, sink, flow);
            return;
        }
        sink.Flush();
        if (layout.Caption is { } caption) Paragraph(caption, sink, flow with { Align = 2 });
        var block = layout.Rows.Count == 0 ? null : layout.ToBlock(options.Limits, warnings, (cell, align) =>
        {
            var cellSink = new BlockSink(tableNesting, inTable: true);
            var cellFlow = flow with { Kind = BlockType.Text, Align = AlignAttribute(cell) ?? align ?? flow.Align };
            if (cell.GetAttribute("style") is { } css && !ApplyCss(css, ref cellFlow)) return cellSink.Blocks;
            WalkChildren(cell, cellSink, cellFlow);
            cellSink.Flush();
            return cellSink.Blocks;
        });
        if (block is not null) sink.Add(block);
        foreach (var stray in layout.Strays) Walk(stray, sink, flow);
    }

    /// <summary>A table where no table can be: a paragraph per row, cells separated by " | ";
    /// blocks that are not text (images) follow the row.</summary>
    private void FlattenTable(HtmlTable layout, BlockSink sink, in Flow flow)
    {
        sink.Flush();
        if (layout.Caption is { } caption) Paragraph(caption, sink, flow);
        foreach (var row in layout.Rows)
        {
            var others = new List<Block>();
            var firstCell = true;
            foreach (var cell in row.Cells)
            {
                var cellSink = new BlockSink(sink.Nesting, inTable: true);
                WalkChildren(cell.Element, cellSink, flow with { Kind = BlockType.Text });
                cellSink.Flush();
                if (!firstCell) sink.AppendText(" | ", flow with { Preserve = true });
                firstCell = false;
                var firstBlock = true;
                foreach (var block in cellSink.Blocks) AppendFlattened(block, sink, flow, others, ref firstBlock);
            }
            sink.Flush();
            foreach (var other in others) sink.Add(other);
        }
        foreach (var stray in layout.Strays) Walk(stray, sink, flow);
    }

    private static void AppendFlattened(Block block, BlockSink sink, in Flow flow, List<Block> others, ref bool first)
    {
        if (block.Elements is { Count: > 0 } elements && BlockTypes.HasText(block.Type))
        {
            if (!first) sink.AppendText(" ", flow with { Preserve = true });
            sink.AppendElements(elements, flow);
            first = false;
        }
        else if (block.Type is not (BlockType.TableCell or BlockType.QuoteContainer or BlockType.Callout) && !BlockTypes.HasText(block.Type))
        {
            others.Add(block with { Children = null });
        }
        if (block.Children is { } children) foreach (var child in children) AppendFlattened(child, sink, flow, others, ref first);
    }
}
