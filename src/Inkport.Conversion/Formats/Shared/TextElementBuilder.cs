using System.Text;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Shared;

/// <summary>Collects the inline content of one text body. Adjacent runs with the same style
/// merge into one run; the pending run is a StringBuilder, so appending stays linear.</summary>
public sealed class TextElementBuilder
{
    private readonly List<TextElement> _elements = [];
    private readonly StringBuilder _pending = new();
    private TextElementStyle _pendingStyle = TextElementStyle.Plain;

    public bool IsEmpty => _elements.Count == 0 && _pending.Length == 0;

    public void Append(string content, TextElementStyle style) => Append(content.AsSpan(), style);

    public void Append(ReadOnlySpan<char> content, TextElementStyle style)
    {
        if (content.IsEmpty) return;
        if (_pending.Length > 0 && !_pendingStyle.Equals(style)) FlushPending();
        _pendingStyle = style;
        _pending.Append(content);
    }

    public void AppendEquation(string content, TextElementStyle style)
    {
        FlushPending();
        _elements.Add(new TextElement { Kind = TextElementKind.Equation, Content = content, Style = NullIfPlain(style) });
    }

    /// <summary>The elements collected so far; the builder is empty afterwards.</summary>
    public List<TextElement> Take()
    {
        FlushPending();
        var taken = new List<TextElement>(_elements);
        _elements.Clear();
        return taken;
    }

    private void FlushPending()
    {
        if (_pending.Length == 0) return;
        _elements.Add(TextElement.Run(_pending.ToString(), NullIfPlain(_pendingStyle)));
        _pending.Clear();
    }

    private static TextElementStyle? NullIfPlain(TextElementStyle style) => style.IsPlain ? null : style;
}
