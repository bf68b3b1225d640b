using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Html;

/// <summary>What an element passes down to its content: the inline style, the kind and alignment
/// of the paragraphs it opens, and whether whitespace is kept as written.</summary>
internal readonly record struct Flow(TextElementStyle Style, BlockType Kind, int? Align, bool Preserve)
{
    public static readonly Flow Default = new(TextElementStyle.Plain, BlockType.Text, null, false);
}

/// <summary>The blocks of one container (the page, a list item, a quote, a table cell) and the
/// paragraph being filled. Whitespace collapses as HTML renders it: a run of ASCII whitespace is
/// one space, dropped at the start and end of a paragraph and next to a line break; a pending
/// space takes the style of the text before it. Line breaks are deferred too, so a trailing
/// &lt;br&gt; adds nothing and a paragraph of nothing but a break is one empty line.</summary>
internal sealed class BlockSink
{
    private readonly TextElementBuilder _text = new();
    private bool _open;
    private BlockType _kind;
    private int? _align;
    private bool _pendingSpace;
    private TextElementStyle _pendingSpaceStyle = TextElementStyle.Plain;
    private int _pendingBreaks;
    private TextElementStyle _breakStyle = TextElementStyle.Plain;

    public BlockSink(int nesting, bool inTable)
    {
        Nesting = nesting;
        InTable = inTable;
    }

    public List<Block> Blocks { get; } = [];

    /// <summary>Levels of block nesting above the blocks added here (0 at the page).</summary>
    public int Nesting { get; }

    /// <summary>Inside a table cell: a table here cannot be a table (Feishu does not nest them).</summary>
    public bool InTable { get; }

    /// <summary>Set on a list item's sink when a leading checkbox made it a to-do.</summary>
    public bool? Done { get; set; }

    public bool IsListItem { get; init; }

    /// <summary>Nothing added yet: no block, no text, no pending break.</summary>
    public bool IsEmpty => Blocks.Count == 0 && !_open;

    /// <summary>Appends text, collapsing whitespace unless the flow preserves it.</summary>
    public void AppendText(string text, in Flow flow)
    {
        if (flow.Preserve)
        {
            if (text.Length == 0) return;
            Open(flow);
            EmitPending(flow.Style);
            _text.Append(text, flow.Style);
            return;
        }
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var space = rest.IndexOfAny(Whitespace);
            if (space < 0) { AppendWord(rest, flow); return; }
            if (space > 0) AppendWord(rest[..space], flow);
            var end = space + 1;
            while (end < rest.Length && Whitespace.Contains(rest[end])) end++;
            if (!_pendingSpace && _open && _pendingBreaks == 0 && !_text.IsEmpty)
            {
                _pendingSpace = true;
                _pendingSpaceStyle = flow.Style;
            }
            rest = rest[end..];
        }
    }

    private static readonly System.Buffers.SearchValues<char> Whitespace = System.Buffers.SearchValues.Create(" \t\n\r\f");

    private void AppendWord(ReadOnlySpan<char> word, in Flow flow)
    {
        Open(flow);
        EmitPending(flow.Style);
        _text.Append(word, flow.Style);
    }

    private void EmitPending(TextElementStyle style)
    {
        if (_pendingBreaks > 0)
        {
            if (!_text.IsEmpty) for (var i = 0; i < _pendingBreaks; i++) _text.Append("\n", _breakStyle);
            _pendingBreaks = 0;
        }
        else if (_pendingSpace)
        {
            _text.Append(" ", _pendingSpaceStyle);
        }
        _pendingSpace = false;
    }

    /// <summary>A &lt;br&gt;: a soft line break ("\n") in the paragraph, once text follows it.</summary>
    public void LineBreak(in Flow flow)
    {
        Open(flow);
        _pendingSpace = false;
        if (_pendingBreaks == 0) _breakStyle = flow.Style;
        _pendingBreaks++;
    }

    /// <summary>Appends runs already built (a flattened table row).</summary>
    public void AppendElements(IEnumerable<TextElement> elements, in Flow flow)
    {
        foreach (var element in elements)
        {
            if (element.Content.Length == 0) continue;
            Open(flow);
            EmitPending(flow.Style);
            var style = element.Style ?? TextElementStyle.Plain;
            if (element.Kind == TextElementKind.Equation) _text.AppendEquation(element.Content, style);
            else _text.Append(element.Content, style);
        }
    }

    private void Open(in Flow flow)
    {
        if (_open) return;
        _open = true;
        _kind = flow.Kind;
        _align = flow.Align;
    }

    /// <summary>Ends the open paragraph, if any, as a block of the kind it was opened with.</summary>
    public void Flush()
    {
        if (!_open) return;
        var elements = _text.Take();
        _open = false;
        _pendingSpace = false;
        var onlyBreaks = elements.Count == 0 && _pendingBreaks > 0;
        _pendingBreaks = 0;
        if (elements.Count == 0 && !onlyBreaks) return;
        Blocks.Add(new Block
        {
            Type = _kind,
            Elements = elements,
            Style = _align is { } align and not 1 ? new TextBlockStyle { Align = align } : null,
        });
    }

    /// <summary>Ends the open paragraph and adds a block after it.</summary>
    public void Add(Block block)
    {
        Flush();
        Blocks.Add(block);
    }
}
