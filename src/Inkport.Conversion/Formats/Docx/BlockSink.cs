using System.Globalization;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Receives the blocks of one container (the body, a table cell, a note) in document
/// order and gives them Feishu's shape: list items nest under the item one level up, consecutive
/// quote paragraphs share one quote container, consecutive code paragraphs form one code block.
/// The body's sink hands each finished top-level block to the limits' <paramref name="output"/> instead of keeping it.</summary>
internal sealed class BlockSink(int maxChars, DocxLimits.Budget? output = null)
{
    private sealed record OpenItem(int Level, int NumId, bool Ordered, Block Item, List<Block> Children);

    private readonly List<Block> _blocks = [];
    // Most containers (table cells) hold no list: these are made on the first item.
    private List<OpenItem>? _items;
    /// <summary>Per level, the list (numId) of the previous sibling item, for "auto" numbering.</summary>
    private int[]? _previousSibling;
    private List<Block>? _quote;
    private TextElementBuilder? _code;
    private int _codeChars;

    public void Add(Block block)
    {
        CloseAll();
        Emit(block);
    }

    public void AddRange(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks) Add(block);
    }

    /// <summary>A list item at <paramref name="level"/> (0–8) whose Word number is <paramref name="number"/>;
    /// it continues the list ("auto") when its previous sibling belongs to the same list.</summary>
    public void AddListItem(Block item, int level, int numId, bool ordered, int number, List<Block> children)
    {
        CloseQuote();
        CloseCode();
        _items ??= [];
        _previousSibling ??= new int[WordNumbering.MaxLevel + 1];
        while (_items.Count > 0 && _items[^1].Level >= level) CloseItem();
        for (var deeper = level + 1; deeper < _previousSibling.Length; deeper++) _previousSibling[deeper] = 0;
        if (ordered)
        {
            var continues = _previousSibling[level] == numId;
            var sequence = continues ? "auto" : number.ToString(CultureInfo.InvariantCulture);
            item = item with { Style = (item.Style ?? new TextBlockStyle()) with { Sequence = sequence } };
        }
        _previousSibling[level] = ordered ? numId : -numId;
        _items.Add(new OpenItem(level, numId, ordered, item, children));
    }

    public void AddQuoteParagraph(Block block)
    {
        CloseItems();
        CloseCode();
        (_quote ??= []).Add(block);
    }

    public void AddCodeLine(IReadOnlyList<TextElement> elements)
    {
        CloseItems();
        CloseQuote();
        if (_code is null) _code = new TextElementBuilder();
        else Append("\n");
        foreach (var element in elements) Append(element.Content);
    }

    private void Append(string text)
    {
        if (_codeChars > maxChars) return;
        _code!.Append(text, TextElementStyle.Plain);
        _codeChars += text.Length;
    }

    public List<Block> Finish()
    {
        CloseAll();
        return _blocks;
    }

    private void Emit(Block block)
    {
        if (output is null) _blocks.Add(block);
        else output.Add(block);
    }

    private void CloseAll()
    {
        CloseItems();
        CloseQuote();
        CloseCode();
    }

    private void CloseItems()
    {
        if (_items is null) return;
        while (_items.Count > 0) CloseItem();
        Array.Clear(_previousSibling!);
    }

    private void CloseItem()
    {
        var open = _items![^1];
        _items.RemoveAt(_items.Count - 1);
        var item = open.Children.Count > 0 ? open.Item with { Children = open.Children } : open.Item;
        if (_items.Count > 0) _items[^1].Children.Add(item);
        else Emit(item);
    }

    private void CloseQuote()
    {
        if (_quote is null) return;
        Emit(new Block { Type = BlockType.QuoteContainer, Children = _quote });
        _quote = null;
    }

    private void CloseCode()
    {
        if (_code is null) return;
        var elements = _code.Take();
        if (elements.Count == 0) elements.Add(TextElement.Run(""));
        Emit(new Block { Type = BlockType.Code, Elements = elements, Style = new TextBlockStyle { Language = CodeLanguages.PlainText } });
        _code = null;
        _codeChars = 0;
    }
}
