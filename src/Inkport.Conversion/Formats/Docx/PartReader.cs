using System.Text;
using System.Xml;
using System.Xml.Linq;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Streams one WordprocessingML part (the main document, footnotes, endnotes) with an
/// XmlReader, building blocks as it goes: nothing of the part is held besides the blocks.
/// Every handler is entered on a start element and leaves the reader after its end element.
/// <list type="bullet">
/// <item>Tracked changes: insertions and moves-to are kept, deletions and moves-from dropped.</item>
/// <item>Fields: instructions dropped, results kept; a HYPERLINK field links its result.</item>
/// <item>Content controls, smart tags, custom XML: their content is kept.</item>
/// <item>Text boxes: their paragraphs follow the paragraph that anchors them.</item>
/// <item>Nested tables: Feishu cannot nest tables, so an inner table's cells are read, row by
/// row, as blocks of the outer cell.</item>
/// <item>mc:AlternateContent: the first Choice whose namespaces are understood, else the Fallback.</item>
/// </list></summary>
internal sealed class PartReader
{
    /// <summary>Containers (tables, cells, content controls, text boxes) nested deeper than this fail with 7001.</summary>
    public const int MaxDepth = 64;
    private const int MaxFieldNesting = 32;

    private readonly WordContext _context;
    private readonly string _part;
    private readonly XmlReader _r;
    private readonly Dictionary<string, Relationship> _relationships;
    private readonly Dictionary<(RunFormat, string?), TextElementStyle> _styleCache = [];
    private readonly List<FieldFrame> _fields = [];
    private readonly Stack<ParagraphState> _paragraphStates = new();
    /// <summary><see cref="A"/> as a delegate, made once (run properties are read through it).</summary>
    private readonly Func<string, string?> _attribute;
    private readonly char[] _chunk = new char[4096];
    private readonly int _maxChars;
    private string _w = WordXml.WTransitional;
    private string _rNs = WordXml.RTransitional;
    private string? _lastNsUri;
    private Ns _lastNs;
    private int _tableDepth;

    private sealed class FieldFrame
    {
        public readonly StringBuilder Instruction = new();
        public bool InResult;
        public string? Link;
    }

    private PartReader(WordContext context, string part, Stream stream)
    {
        _context = context;
        _part = part;
        _r = XmlReader.Create(stream, WordXml.ReaderSettings());
        _relationships = context.Package.Relationships(part);
        _maxChars = context.Options.Limits.MaxParagraphChars + 1;
        _attribute = A;
    }

    /// <summary>Adds the blocks of the main document part's body (or bodies) to the context's output,
    /// reading no further once it is <see cref="WordContext.Stopped"/>.</summary>
    public static void ReadDocument(WordContext context, string part)
    {
        using var stream = context.Package.OpenPart(part) ?? throw ConversionException.Corrupt("the main document part is missing", part);
        WordPackage.Guard(part, () => new PartReader(context, part, stream).Document());
    }

    /// <summary>The notes of a footnotes or endnotes part whose ids are in <paramref name="wanted"/>, by id.</summary>
    public static Dictionary<string, List<Block>> ReadNotes(WordContext context, string part, HashSet<string> wanted)
    {
        using var stream = context.Package.OpenPart(part);
        if (stream is null) return [];
        return WordPackage.Guard(part, () => new PartReader(context, part, stream).Notes(wanted));
    }

    private void Document()
    {
        if (_r.MoveToContent() != XmlNodeType.Element || Kind != Ns.W || _r.LocalName != "document")
            throw ConversionException.Corrupt($"the main part is not a WordprocessingML document (root <{_r.Name}>)", _part);
        UseNamespaces();
        var sink = new BlockSink(_maxChars, _context.Output);
        var d = Enter();
        while (!_context.Stopped && Next(d))
        {
            if (IsW("body")) Container(sink, 0);
            else _r.Skip();
            if (_context.Full) break;
        }
        sink.Finish();
    }

    private Dictionary<string, List<Block>> Notes(HashSet<string> wanted)
    {
        var notes = new Dictionary<string, List<Block>>(StringComparer.Ordinal);
        if (_r.MoveToContent() != XmlNodeType.Element) return notes;
        UseNamespaces();
        var d = Enter();
        while (Next(d))
        {
            if (Kind == Ns.W && _r.LocalName is "footnote" or "endnote" && A("id") is { } id && wanted.Contains(id) && !notes.ContainsKey(id))
            {
                var sink = new BlockSink(_maxChars);
                Container(sink, 1);
                notes[id] = sink.Finish();
            }
            else _r.Skip();
        }
        return notes;
    }

    /// <summary>Strict documents use Strict namespaces throughout; the root says which.</summary>
    private void UseNamespaces()
    {
        _w = _r.NamespaceURI;
        _rNs = _w == WordXml.WStrict ? WordXml.RStrict : WordXml.RTransitional;
    }

    // ---- reader plumbing -------------------------------------------------------------------

    private Ns Kind
    {
        get
        {
            var uri = _r.NamespaceURI;
            if (!ReferenceEquals(uri, _lastNsUri))
            {
                _lastNsUri = uri;
                _lastNs = WordXml.Classify(uri);
            }
            return _lastNs;
        }
    }

    private bool IsW(string local) => _r.LocalName == local && Kind == Ns.W;

    /// <summary>A W attribute of the current element (prefixed, or unprefixed from lax writers).</summary>
    private string? A(string local)
    {
        if (!_r.MoveToFirstAttribute()) return null;
        string? value = null;
        do
        {
            if (_r.LocalName != local) continue;
            var ns = _r.NamespaceURI;
            if (ns.Length == 0 || ns == _w)
            {
                value = _r.Value;
                break;
            }
        }
        while (_r.MoveToNextAttribute());
        _r.MoveToElement();
        return value;
    }

    private string? RelAttr(string local) => _r.GetAttribute(local, _rNs);

    /// <summary>On a start element: steps inside and returns its depth, or -1 for an empty element (consumed).</summary>
    private int Enter()
    {
        if (_r.IsEmptyElement) { _r.Read(); return -1; }
        var depth = _r.Depth;
        _r.Read();
        return depth;
    }

    /// <summary>True on the next child element of the element entered at <paramref name="depth"/>;
    /// false once its end tag is consumed.</summary>
    private bool Next(int depth)
    {
        if (depth < 0) return false;
        while (true)
        {
            var type = _r.NodeType;
            if (type == XmlNodeType.Element) return true;
            if (type == XmlNodeType.EndElement && _r.Depth == depth) { _r.Read(); return false; }
            if (!_r.Read()) return false;
        }
    }

    private string Where() => _r is IXmlLineInfo info && info.HasLineInfo() ? $"{_part} line {info.LineNumber}, position {info.LinePosition}" : _part;

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth) throw ConversionException.TooDeep(Where());
    }

    // ---- block level -----------------------------------------------------------------------

    /// <summary>The block-level children of a container element (body, cell, note, text box, content control).</summary>
    private void Container(BlockSink sink, int depth)
    {
        CheckDepth(depth);
        var d = Enter();
        while (!_context.Stopped && Next(d))
        {
            if (_context.Full) { _r.Skip(); continue; }
            BlockElement(sink, depth);
        }
    }

    private void BlockElement(BlockSink sink, int depth)
    {
        _context.Options.Cancellation.ThrowIfCancellationRequested();
        switch (Kind)
        {
            case Ns.W:
                switch (_r.LocalName)
                {
                    case "p": Paragraph(sink, depth); return;
                    case "tbl": Table(sink, depth + 1); return;
                    case "sdt": ContentControl(sink, depth + 1); return;
                    case "ins" or "moveTo" or "customXml" or "smartTag": Container(sink, depth + 1); return;
                    case "altChunk": AltChunk(sink); return;
                }
                break;
            case Ns.MC:
                if (_r.LocalName == "AlternateContent") { AlternateBlocks(sink, depth + 1); return; }
                break;
            case Ns.M:
                if (_r.LocalName is "oMathPara" or "oMath")
                {
                    var builder = new TextElementBuilder();
                    Equations(builder);
                    _context.Built();
                    sink.Add(new Block { Type = BlockType.Text, Elements = builder.Take() });
                    return;
                }
                break;
        }
        _r.Skip();
    }

    /// <summary>w:sdt: only w:sdtContent counts.</summary>
    private void ContentControl(BlockSink sink, int depth)
    {
        CheckDepth(depth);
        var d = Enter();
        while (!_context.Stopped && Next(d))
        {
            if (IsW("sdtContent")) Container(sink, depth);
            else _r.Skip();
        }
    }

    // The delegates are made here, not in the callers: a lambda capturing a caller's parameters would
    // allocate its closure on every call of the caller (every run), not only on an mc:AlternateContent.
    private void AlternateBlocks(BlockSink sink, int depth) => Alternate(() => BlockElement(sink, depth));
    private void AlternateInlines(ParagraphState state, string? link, int depth) => Alternate(() => Inline(state, link, depth));
    private void AlternateGraphics(ParagraphState state, int depth) => Alternate(() => Graphic(state, depth));

    /// <summary>Reads the branch of an mc:AlternateContent this reader understands with <paramref name="read"/>
    /// (called on each child element of that branch).</summary>
    private void Alternate(Action read)
    {
        var chosen = false;
        var d = Enter();
        while (!_context.Stopped && Next(d))
        {
            var isChoice = Kind == Ns.MC && _r.LocalName == "Choice";
            var isFallback = Kind == Ns.MC && _r.LocalName == "Fallback";
            if (!chosen && (isFallback || isChoice && Understood(_r.GetAttribute("Requires"))))
            {
                chosen = true;
                var branch = Enter();
                while (!_context.Stopped && Next(branch)) read();
            }
            else _r.Skip();
        }
    }

    private bool Understood(string? requires)
    {
        if (string.IsNullOrWhiteSpace(requires)) return false;
        foreach (var prefix in requires.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (_r.LookupNamespace(prefix) is not { } uri || !WordXml.IsUnderstood(uri)) return false;
        }
        return true;
    }

    // ---- paragraphs ------------------------------------------------------------------------

    /// <summary>What one w:p collects: its properties, and its content in order as text pieces and
    /// image blocks (Feishu images are blocks, so an image splits the paragraph); text box
    /// content goes to <see cref="Deferred"/>.</summary>
    private sealed class ParagraphState(int maxChars)
    {
        public string? StyleId;
        public int? NumId, Level, Outline, Align;
        public ParagraphStyle Style = ParagraphStyle.Plain;
        public RunFormat Base;
        public readonly List<object> Pieces = [];
        public readonly TextElementBuilder Text = new();
        public int Chars;
        public bool HasText;
        /// <summary>Content was deleted (tracked changes) or hidden, or the paragraph mark itself was
        /// deleted: if nothing is left, the paragraph goes too, as it does in Word.</summary>
        public bool Dropped;
        public bool BottomBorder;
        public BlockSink? Deferred;

        public void Append(ReadOnlySpan<char> text, TextElementStyle style)
        {
            if (text.IsEmpty || Chars > maxChars) return;
            Text.Append(text, style);
            Chars += text.Length;
            HasText = true;
        }

        public void FlushText()
        {
            if (!HasText) return;
            Pieces.Add(Text.Take());
            HasText = false;
        }

        /// <summary>Ready for the next paragraph (states are reused: one per nesting level, not one per paragraph).</summary>
        public void Reset()
        {
            StyleId = null;
            NumId = Level = Outline = Align = null;
            Style = ParagraphStyle.Plain;
            Base = default;
            Pieces.Clear();
            if (!Text.IsEmpty) Text.Take();
            Chars = 0;
            HasText = Dropped = BottomBorder = false;
            Deferred = null;
        }
    }

    private void Paragraph(BlockSink sink, int depth)
    {
        var state = _paragraphStates.Count > 0 ? _paragraphStates.Pop() : new ParagraphState(_maxChars);
        try
        {
            ReadParagraph(sink, state, depth);
        }
        finally
        {
            state.Reset();
            _paragraphStates.Push(state);
        }
    }

    private void ReadParagraph(BlockSink sink, ParagraphState state, int depth)
    {
        var d = Enter();
        var started = false;
        while (Next(d))
        {
            if (IsW("pPr")) { ParagraphProperties(state); continue; }
            if (!started)
            {
                started = true;
                state.Style = _context.Styles.Paragraph(state.StyleId);
                state.Base = state.Style.Run.Over(_context.Styles.Defaults);
            }
            Inline(state, null, depth);
        }
        if (!started) state.Style = _context.Styles.Paragraph(state.StyleId);
        // An instruction cut by the paragraph end is broken markup: forget it rather than hide what follows.
        if (_fields.Count > 0) _fields.RemoveAll(f => !f.InResult);
        state.FlushText();
        if (state.Dropped && state.Pieces.Count == 0 && state.Deferred is null) return;
        _context.Kept(state.Chars);
        EmitParagraph(sink, state);
    }

    private void ParagraphProperties(ParagraphState state)
    {
        var d = Enter();
        while (Next(d))
        {
            if (Kind != Ns.W) { _r.Skip(); continue; }
            switch (_r.LocalName)
            {
                case "pStyle": state.StyleId = A("val"); break;
                case "outlineLvl": state.Outline = WordXml.Int(A("val")); break;
                case "jc": if (WordStyles.Alignment(A("val"), out var align)) state.Align = align; break;
                case "pBdr":
                    // Only a bottom border: a rule. Borders on the sides too make a box, not a rule.
                    bool bottom = false, sides = false;
                    var b = Enter();
                    while (Next(b))
                    {
                        if (Kind == Ns.W && A("val") is not (null or "none" or "nil"))
                        {
                            if (_r.LocalName == "bottom") bottom = true;
                            else if (_r.LocalName is "left" or "right" or "start" or "end") sides = true;
                        }
                        _r.Skip();
                    }
                    state.BottomBorder = bottom && !sides;
                    continue;
                case "rPr":
                    var m = Enter();
                    while (Next(m))
                    {
                        if (Kind == Ns.W && _r.LocalName is "del" or "moveFrom") state.Dropped = true;
                        _r.Skip();
                    }
                    continue;
                case "numPr":
                    var n = Enter();
                    while (Next(n))
                    {
                        if (IsW("numId")) state.NumId = WordXml.Int(A("val"));
                        else if (IsW("ilvl")) state.Level = WordXml.Int(A("val"));
                        _r.Skip();
                    }
                    continue;
            }
            _r.Skip();
        }
    }

    private void EmitParagraph(BlockSink sink, ParagraphState state)
    {
        var style = state.Style;
        var outline = state.Outline ?? style.OutlineLevel;
        var numId = state.NumId ?? style.NumId;
        var level = Math.Clamp(state.Level ?? style.Level ?? 0, 0, WordNumbering.MaxLevel);
        var list = numId is > 0 ? _context.Numbering.Level(numId.Value, level) : null;

        BlockType type;
        if (style.Role == StyleRole.Code) type = BlockType.Code;
        else if (outline is >= 0 and <= 8) type = BlockTypes.Heading(outline.Value + 1);
        else if (outline is null && style.Role == StyleRole.Heading) type = BlockTypes.Heading(style.HeadingLevel);
        else if (outline is null && style.Role == StyleRole.Title) type = BlockType.Heading1;
        else if (list is { None: false } l) type = l.Ordered ? BlockType.Ordered : BlockType.Bullet;
        else if (style.Role == StyleRole.Quote) type = BlockType.QuoteContainer;
        else type = BlockType.Text;

        var align = state.Align ?? style.Align;
        var blockStyle = align is null ? null : new TextBlockStyle { Align = align };
        var deferred = state.Deferred?.Finish();
        _context.Built(state.Pieces.Count + 1);

        if (type == BlockType.Code)
        {
            foreach (var piece in state.Pieces)
            {
                if (piece is Block image) sink.Add(image);
                else sink.AddCodeLine((List<TextElement>)piece);
            }
            if (state.Pieces.Count == 0) sink.AddCodeLine([]);
            if (deferred is not null) sink.AddRange(deferred);
            return;
        }

        // The first text piece carries the paragraph's kind; text after an image is a plain paragraph.
        var mainType = type == BlockType.QuoteContainer ? BlockType.Text : type;
        var mainMade = false;
        if (type is not (BlockType.Ordered or BlockType.Bullet))
        {
            // Straight to the sink: only a list item needs its paragraph's blocks gathered first.
            if (state.Pieces.Count == 0 && deferred is not { Count: > 0 })
            {
                // An empty paragraph with only a bottom border is how Word draws a horizontal rule ("---").
                if (state.BottomBorder && type == BlockType.Text) { sink.Add(new Block { Type = BlockType.Divider }); return; }
                AddParagraphBlock(sink, type, TextBlock(mainType, [], blockStyle));
            }
            foreach (var piece in state.Pieces) AddParagraphBlock(sink, type, PieceBlock(piece, mainType, ref mainMade, align, blockStyle));
            if (deferred is not null) sink.AddRange(deferred);
            return;
        }

        var blocks = new List<Block>(state.Pieces.Count + 1);
        foreach (var piece in state.Pieces) blocks.Add(PieceBlock(piece, mainType, ref mainMade, align, blockStyle));
        if (state.Pieces.Count == 0 && deferred is not { Count: > 0 })
        {
            blocks.Add(TextBlock(mainType, [], blockStyle));
            mainMade = true;
        }

        // Whatever else the item's paragraph holds (images, text boxes) nests under the item.
        var startsWithItem = mainMade && blocks[0].Type is not BlockType.Image;
        var item = startsWithItem ? blocks[0] : TextBlock(type, [], blockStyle);
        if (list!.Value.Checked is { } done) item = item with { Type = BlockType.Todo, Style = (item.Style ?? new TextBlockStyle()) with { Done = done } };
        var children = startsWithItem ? blocks.GetRange(1, blocks.Count - 1) : blocks;
        if (deferred is not null) children.AddRange(deferred);
        var ordered = item.Type == BlockType.Ordered;
        var number = ordered ? _context.NextListNumber(numId!.Value, level, list!.Value.Start) : 0;
        sink.AddListItem(item, level, numId!.Value, ordered, number, children);
    }

    private static void AddParagraphBlock(BlockSink sink, BlockType type, Block block)
    {
        if (type == BlockType.QuoteContainer) sink.AddQuoteParagraph(block);
        else sink.Add(block);
    }

    /// <summary>The block of one piece of a paragraph: its image, divider, or text (the first text
    /// piece of the paragraph's kind, later ones plain text).</summary>
    private static Block PieceBlock(object piece, BlockType mainType, ref bool mainMade, int? align, TextBlockStyle? blockStyle)
    {
        // An image sits where its paragraph aligns it: Word's default is left, Feishu's centre.
        if (piece is Block { Image: { } image } imageBlock) return imageBlock with { Image = image with { Align = align ?? 1 } };
        if (piece is Block other) return other;
        var block = TextBlock(mainMade ? BlockType.Text : mainType, (List<TextElement>)piece, blockStyle);
        mainMade = true;
        return block;
    }

    /// <summary>A text block; a leading ☐/☑/☒ makes a bullet or text paragraph a to-do (Word has no to-do
    /// lists: writers such as pandoc spell them with these characters).</summary>
    private static Block TextBlock(BlockType type, List<TextElement> elements, TextBlockStyle? style)
    {
        if (type is BlockType.Bullet or BlockType.Text && elements.Count > 0 && elements[0].Kind == TextElementKind.TextRun
            && elements[0].Content is { Length: >= 1 } first && first[0] is '☐' or '☑' or '☒')
        {
            var rest = first.AsSpan(1).TrimStart(" \t\u00A0");
            if (rest.Length > 0) elements[0] = elements[0] with { Content = rest.ToString() };
            else elements.RemoveAt(0);
            return new Block { Type = BlockType.Todo, Elements = elements, Style = (style ?? new TextBlockStyle()) with { Done = first[0] != '☐' } };
        }
        return new Block { Type = type, Elements = elements, Style = style };
    }

    // ---- inline level ----------------------------------------------------------------------

    /// <summary>One inline child of a paragraph (or of a hyperlink, insertion, content control...).</summary>
    private void Inline(ParagraphState state, string? link, int depth)
    {
        switch (Kind)
        {
            case Ns.W:
                switch (_r.LocalName)
                {
                    case "r": Run(state, link, depth); return;
                    case "hyperlink":
                        var target = RelAttr("id") is { } id && _relationships.TryGetValue(id, out var relationship) && relationship.External ? relationship.Target : null;
                        if (target is not null && A("anchor") is { Length: > 0 } anchor) target += "#" + anchor;
                        InlineChildren(state, target ?? link, depth);
                        return;
                    case "fldSimple":
                        InlineChildren(state, HyperlinkTarget(A("instr")) ?? link, depth);
                        return;
                    case "ins" or "moveTo" or "smartTag" or "customXml" or "dir" or "bdo":
                        InlineChildren(state, link, depth);
                        return;
                    case "del" or "moveFrom":
                        state.Dropped = true;
                        break;
                    case "sdt":
                        CheckDepth(depth + 1);
                        var d = Enter();
                        while (Next(d))
                        {
                            if (IsW("sdtContent")) InlineChildren(state, link, depth + 1);
                            else _r.Skip();
                        }
                        return;
                }
                break;
            case Ns.M:
                if (_r.LocalName is "oMath" or "oMathPara")
                {
                    Equations(state.Text);
                    state.HasText = true;
                    return;
                }
                break;
            case Ns.MC:
                if (_r.LocalName == "AlternateContent") { AlternateInlines(state, link, depth + 1); return; }
                break;
        }
        _r.Skip();
    }

    private void InlineChildren(ParagraphState state, string? link, int depth)
    {
        CheckDepth(depth + 1);
        var d = Enter();
        while (Next(d)) Inline(state, link, depth + 1);
    }

    /// <summary>m:oMath / m:oMathPara as equation elements (one per m:oMath).</summary>
    private void Equations(TextElementBuilder builder)
    {
        var element = (XElement)XNode.ReadFrom(_r);
        if (element.Name.LocalName == "oMath")
        {
            builder.AppendEquation(OmmlToLatex.Convert(element), TextElementStyle.Plain);
            return;
        }
        foreach (var math in element.Elements())
        {
            if (math.Name.LocalName == "oMath") builder.AppendEquation(OmmlToLatex.Convert(math), TextElementStyle.Plain);
        }
    }

    private bool FieldHidesText()
    {
        foreach (var field in _fields) if (!field.InResult) return true;
        return false;
    }

    private string? FieldLink()
    {
        for (var i = _fields.Count - 1; i >= 0; i--) if (_fields[i].Link is { } link) return link;
        return null;
    }

    private void Run(ParagraphState state, string? link, int depth)
    {
        _context.Options.Cancellation.ThrowIfCancellationRequested();
        var direct = default(RunFormat);
        string? characterStyle = null;
        TextElementStyle? style = null;
        var hidden = false;
        var d = Enter();
        while (Next(d))
        {
            // Each reader property read once per element: they are virtual calls, and this is the hottest loop.
            var kind = Kind;
            var local = _r.LocalName;
            if (kind != Ns.W)
            {
                if (kind == Ns.MC && local == "AlternateContent") AlternateGraphics(state, depth + 1);
                else _r.Skip();
                continue;
            }
            switch (local)
            {
                case "rPr":
                    var p = Enter();
                    while (Next(p))
                    {
                        if (Kind == Ns.W)
                        {
                            var property = _r.LocalName;
                            if (property == "rStyle") characterStyle = A("val");
                            else direct = RunFormat.Apply(direct, property, _attribute);
                        }
                        _r.Skip();
                    }
                    continue;
                case "t":
                    if (FieldHidesText() || hidden) { _r.Skip(); continue; }
                    style ??= Style(state, direct, characterStyle, link, out hidden);
                    if (hidden) { state.Dropped = true; _r.Skip(); continue; }
                    Text(state, style);
                    continue;
                case "instrText":
                    if (_fields.Count > 0 && !_fields[^1].InResult && _fields[^1].Instruction.Length < 4096)
                        _fields[^1].Instruction.Append(_r.ReadElementContentAsString());
                    else _r.Skip();
                    continue;
                case "fldChar":
                    var fieldType = A("fldCharType");
                    if (fieldType == "begin" && !_r.IsEmptyElement && FormCheckBox() is { } box)
                        AppendSpecial(state, box, ref style, direct, characterStyle, link, ref hidden);
                    else _r.Skip();
                    FieldChar(fieldType);
                    continue;
                case "tab" or "ptab":
                    AppendSpecial(state, "\t", ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "br":
                    if (A("type") is not ("page" or "column")) AppendSpecial(state, "\n", ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "cr":
                    AppendSpecial(state, "\n", ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "noBreakHyphen":
                    AppendSpecial(state, "\u2011", ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "sym":
                    if (Symbol(A("char")) is { } symbol) AppendSpecial(state, symbol, ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "footnoteReference" or "endnoteReference":
                    if (A("id") is { } noteId && (_context.NotesClosed
                            ? _context.NoteNumberIfKnown(local == "endnoteReference", noteId)
                            : _context.NoteNumber(local == "endnoteReference", noteId)) is { } number)
                        AppendSpecial(state, $"[{number}]", ref style, direct, characterStyle, link, ref hidden);
                    break;
                case "drawing" or "pict" or "object":
                    if (!FieldHidesText()) { Graphic(state, depth + 1); continue; }
                    break;
                case "ruby":
                    var rd = Enter();
                    while (Next(rd))
                    {
                        if (IsW("rubyBase")) InlineChildren(state, link, depth + 1);
                        else _r.Skip();
                    }
                    continue;
            }
            _r.Skip();
        }
    }

    private void AppendSpecial(ParagraphState state, string text, ref TextElementStyle? style, RunFormat direct, string? characterStyle, string? link, ref bool hidden)
    {
        if (FieldHidesText()) return;
        style ??= Style(state, direct, characterStyle, link, out hidden);
        if (!hidden) state.Append(text, style);
    }

    /// <summary>w:sym: a character of a symbol font. Private-use code points (F0xx, the symbol font's own
    /// glyphs) have no Unicode meaning and are dropped.</summary>
    private static string? Symbol(string? hex)
    {
        if (hex is null || !int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out var code)) return null;
        if (code is >= 0xE000 and <= 0xF8FF or <= 0x1F or > 0x10FFFF) return null;
        return char.ConvertFromUtf32(code is >= 0xD800 and <= 0xDFFF ? 0xFFFD : code);
    }

    private void Text(ParagraphState state, TextElementStyle style)
    {
        var d = Enter();
        if (d < 0) return;
        while (_r.NodeType is XmlNodeType.Text or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace or XmlNodeType.CDATA)
        {
            int n;
            while ((n = _r.ReadValueChunk(_chunk, 0, _chunk.Length)) > 0) state.Append(_chunk.AsSpan(0, n), style);
            _r.Read();
        }
        while (Next(d)) _r.Skip();
    }

    private TextElementStyle Style(ParagraphState state, RunFormat direct, string? characterStyle, string? link, out bool hidden)
    {
        var format = direct;
        if (characterStyle is not null) format = format.Over(_context.Styles.Character(characterStyle));
        format = format.Over(state.Base);
        hidden = format.Hidden == true;
        link ??= FieldLink();
        if (_styleCache.TryGetValue((format, link), out var style)) return style;
        style = format.ToStyle(link);
        _styleCache[(format, link)] = style;
        return style;
    }

    /// <summary>The form field data of a fldChar begin: a legacy check box (FORMCHECKBOX) shows as
    /// ☒ or ☐, as Word draws it; null for other form fields. Consumes the element.</summary>
    private string? FormCheckBox()
    {
        var fieldChar = (XElement)XNode.ReadFrom(_r);
        var checkBox = fieldChar.Descendants().FirstOrDefault(e => e.IsW("checkBox"));
        if (checkBox is null) return null;
        var state = checkBox.W("checked") is { } checkedElement ? WordXml.OnOff(checkedElement.WAttr("val")) : checkBox.W("default").WAttr("val") == "1";
        return state ? "☒" : "☐";
    }

    private void FieldChar(string? type)
    {
        switch (type)
        {
            case "begin":
                if (_fields.Count < MaxFieldNesting) _fields.Add(new FieldFrame());
                break;
            case "separate":
                if (_fields.Count > 0 && !_fields[^1].InResult)
                {
                    _fields[^1].InResult = true;
                    _fields[^1].Link = HyperlinkTarget(_fields[^1].Instruction.ToString());
                }
                break;
            case "end":
                if (_fields.Count > 0) _fields.RemoveAt(_fields.Count - 1);
                break;
        }
    }

    /// <summary>The external target of a HYPERLINK field instruction (<c>HYPERLINK "url" \o "tip"</c>);
    /// null for other fields and for bookmark links (<c>\l</c>), whose text is kept unlinked.</summary>
    private static string? HyperlinkTarget(string? instruction)
    {
        if (instruction is null) return null;
        var span = instruction.AsSpan().Trim();
        if (!span.StartsWith("HYPERLINK", StringComparison.OrdinalIgnoreCase)) return null;
        span = span[9..].TrimStart();
        if (span.StartsWith("\\l", StringComparison.Ordinal)) return null;
        string target;
        if (span.StartsWith('"'))
        {
            var close = span[1..].IndexOf('"');
            target = (close < 0 ? span[1..] : span.Slice(1, close)).ToString();
        }
        else
        {
            var end = span.IndexOfAny(' ', '\t');
            target = (end < 0 ? span : span[..end]).ToString();
        }
        return target.Length == 0 || target.StartsWith('\\') ? null : target;
    }

    // ---- images and text boxes -------------------------------------------------------------

    /// <summary>A w:drawing, w:pict or w:object (or an mc branch holding one): every image in it becomes
    /// an image block in the paragraph's flow; every text box's content is deferred after the paragraph.</summary>
    private void Graphic(ParagraphState state, int depth)
    {
        CheckDepth(depth);
        double width = 0, height = 0;
        var d = Enter();
        if (d < 0) return;
        while (true)
        {
            if (_r.NodeType == XmlNodeType.EndElement && _r.Depth == d) { _r.Read(); return; }
            if (_r.NodeType != XmlNodeType.Element) { if (!_r.Read()) return; continue; }
            var kind = Kind;
            var local = _r.LocalName;
            if (kind == Ns.W && local == "txbxContent")
            {
                state.Deferred ??= new BlockSink(_maxChars);
                Container(state.Deferred, depth + 1);
                continue;
            }
            if (kind == Ns.MC && local == "AlternateContent")
            {
                AlternateGraphics(state, depth + 1);
                continue;
            }
            if (kind == Ns.WP && local == "extent")
            {
                width = (WordXml.Emu(_r.GetAttribute("cx")) ?? 0) / 9525;
                height = (WordXml.Emu(_r.GetAttribute("cy")) ?? 0) / 9525;
            }
            else if (kind == Ns.V && _r.GetAttribute("style") is { } css)
            {
                (width, height) = VmlSize(css, width, height);
            }
            if (kind == Ns.V && local == "rect" && _r.GetAttribute("hr", "urn:schemas-microsoft-com:office:office") is "t" or "true")
            {
                // A VML horizontal line (Word's and pandoc's horizontal rule).
                state.FlushText();
                state.Pieces.Add(new Block { Type = BlockType.Divider });
            }
            if (kind == Ns.A && local == "blip")
            {
                AddImage(state, RelAttr("embed"), RelAttr("link"), width, height);
            }
            else if (kind == Ns.V && local == "imagedata")
            {
                AddImage(state, RelAttr("id") ?? _r.GetAttribute("relid", "urn:schemas-microsoft-com:office:office"), null, width, height);
            }
            if (!_r.Read()) return;
        }
    }

    private void AddImage(ParagraphState state, string? embed, string? link, double width, double height)
    {
        int? index = null;
        if (embed is not null && _relationships.TryGetValue(embed, out var relationship) && !relationship.External)
            index = _context.Image(relationship.Target);
        else if (embed is not null || link is not null)
            // A linked picture lives outside the file: nothing to upload.
            _context.Warnings.Add(ExtraCodes.DocxImagesFailed);
        if (index is null) return;

        int w = (int)Math.Round(width), h = (int)Math.Round(height);
        if ((w <= 0 || h <= 0) && EmbeddedImages.Sniff(_context.Media[index.Value].Bytes) is { } natural)
        {
            w = natural.Width;
            h = natural.Height;
        }
        state.FlushText();
        state.Pieces.Add(new Block { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = index.Value, Width = Math.Max(w, 0), Height = Math.Max(h, 0) } });
    }

    /// <summary>width/height of a VML style ("width:120pt;height:3in") in px (96 dpi).</summary>
    private static (double, double) VmlSize(string css, double width, double height)
    {
        foreach (var declaration in css.Split(';'))
        {
            var colon = declaration.IndexOf(':');
            if (colon < 0) continue;
            var name = declaration[..colon].Trim();
            if (name is not ("width" or "height")) continue;
            var value = declaration[(colon + 1)..].Trim();
            var unitStart = value.Length;
            while (unitStart > 0 && char.IsAsciiLetter(value[unitStart - 1])) unitStart--;
            if (!double.TryParse(value.AsSpan(0, unitStart), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var number)) continue;
            if (WordXml.CssPoints(number, value.AsSpan(unitStart)) is not { } points) continue;
            if (name == "width") width = points * 96 / 72;
            else height = points * 96 / 72;
        }
        return (width, height);
    }

    // ---- tables ----------------------------------------------------------------------------

    private sealed class CellData
    {
        public int Span = 1;
        public bool Continue;
        public List<Block> Blocks = [];
        public int RowSpan = 1;
        public bool Covered;
    }

    private sealed class RowData
    {
        public int Before, After;
        public bool Header, Deleted;
        public readonly List<CellData> Cells = [];
    }

    private void Table(BlockSink sink, int depth)
    {
        CheckDepth(depth);
        if (_tableDepth > 0)
        {
            // Feishu tables cannot nest: the inner table's cells become blocks of the outer cell.
            FlattenTable(sink, depth);
            return;
        }
        _tableDepth++;
        try
        {
            var grid = new List<int>();
            var rows = new List<RowData>();
            var d = Enter();
            while (Next(d))
            {
                if (_context.Full) { _r.Skip(); continue; }
                TableChild(grid, rows, depth);
            }
            if (BuildTable(grid, rows) is { } table) sink.Add(table);
        }
        finally
        {
            _tableDepth--;
        }
    }

    private void TableChild(List<int> grid, List<RowData> rows, int depth)
    {
        if (Kind != Ns.W) { _r.Skip(); return; }
        switch (_r.LocalName)
        {
            case "tblGrid":
                var g = Enter();
                while (Next(g))
                {
                    if (IsW("gridCol")) grid.Add((int)Math.Round((WordXml.Twips(A("w")) ?? 0) / 15));
                    _r.Skip();
                }
                return;
            case "tr":
                var row = new RowData();
                Row(row, depth);
                if (!row.Deleted) rows.Add(row);
                return;
            case "sdt" or "customXml":
                var c = Enter();
                while (Next(c))
                {
                    if (IsW("sdtContent")) { var s = Enter(); while (Next(s)) TableChild(grid, rows, depth); }
                    else if (_r.LocalName != "sdtPr") TableChild(grid, rows, depth);
                    else _r.Skip();
                }
                return;
        }
        _r.Skip();
    }

    private void Row(RowData row, int depth)
    {
        var d = Enter();
        while (Next(d))
        {
            if (Kind != Ns.W) { _r.Skip(); continue; }
            switch (_r.LocalName)
            {
                case "trPr":
                    var p = Enter();
                    while (Next(p))
                    {
                        if (Kind == Ns.W)
                        {
                            switch (_r.LocalName)
                            {
                                case "gridBefore": row.Before = Math.Clamp(WordXml.Int(A("val")) ?? 0, 0, 1000); break;
                                case "gridAfter": row.After = Math.Clamp(WordXml.Int(A("val")) ?? 0, 0, 1000); break;
                                case "tblHeader": row.Header = WordXml.OnOff(A("val")); break;
                                case "del": row.Deleted = true; break;
                            }
                        }
                        _r.Skip();
                    }
                    break;
                case "tc":
                    row.Cells.Add(Cell(depth));
                    break;
                case "sdt" or "customXml" or "ins" or "moveTo":
                    var c = Enter();
                    while (Next(c))
                    {
                        if (IsW("tc")) row.Cells.Add(Cell(depth));
                        else if (IsW("sdtContent")) { var s = Enter(); while (Next(s)) { if (IsW("tc")) row.Cells.Add(Cell(depth)); else _r.Skip(); } }
                        else _r.Skip();
                    }
                    break;
                default:
                    _r.Skip();
                    break;
            }
        }
    }

    private CellData Cell(int depth)
    {
        var cell = new CellData();
        var sink = new BlockSink(_maxChars);
        var d = Enter();
        while (Next(d))
        {
            if (IsW("tcPr"))
            {
                var p = Enter();
                while (Next(p))
                {
                    if (Kind == Ns.W)
                    {
                        switch (_r.LocalName)
                        {
                            case "gridSpan": cell.Span = Math.Clamp(WordXml.Int(A("val")) ?? 1, 1, 1000); break;
                            case "vMerge": cell.Continue = A("val") is null or "continue"; break;
                            case "hMerge": if (A("val") is null or "continue") cell.Span = 0; break;
                        }
                    }
                    _r.Skip();
                }
                continue;
            }
            if (_context.Full) { _r.Skip(); continue; }
            BlockElement(sink, depth + 1);
        }
        cell.Blocks = sink.Finish();
        return cell;
    }

    private void FlattenTable(BlockSink sink, int depth)
    {
        var d = Enter();
        while (Next(d))
        {
            if (IsW("tr"))
            {
                var r = Enter();
                while (Next(r))
                {
                    if (IsW("tc"))
                    {
                        var c = Enter();
                        while (Next(c))
                        {
                            if (IsW("tcPr") || _context.Full) _r.Skip();
                            else BlockElement(sink, depth + 1);
                        }
                    }
                    else _r.Skip();
                }
            }
            else _r.Skip();
        }
    }

    /// <summary>Lays the rows on the grid: a cell spans gridSpan columns; a vMerge "continue" cell
    /// extends the cell above it (its content, if any, joins that cell); hMerge "continue" (legacy)
    /// extends the cell to its left. Short rows are padded with empty cells.</summary>
    private Block? BuildTable(List<int> grid, List<RowData> rows)
    {
        if (rows.Count == 0) return null;
        var columns = grid.Count;
        foreach (var row in rows)
        {
            var width = row.Before + row.After;
            foreach (var cell in row.Cells) width += cell.Span;
            columns = Math.Max(columns, width);
        }
        if (columns == 0) return null;
        // Bounded by what DocxLimits keeps: columns beyond the limit are dropped there anyway.
        columns = Math.Min(columns, _context.Options.Limits.MaxTableColumns + 1);

        var slots = new CellData?[rows.Count, columns];
        var origins = new (int Row, int Column)?[rows.Count, columns];
        for (var r = 0; r < rows.Count; r++)
        {
            var column = rows[r].Before;
            CellData? previous = null;
            foreach (var cell in rows[r].Cells)
            {
                if (cell.Span == 0 && previous is not null)
                {
                    // Legacy horizontal merge: this cell widens the previous one.
                    if (column < columns) { previous.Span++; origins[r, column] = origins[r, column - 1]; column++; }
                    previous.Blocks.AddRange(cell.Blocks);
                    continue;
                }
                var span = Math.Max(cell.Span, 1);
                if (column >= columns) break;
                if (cell.Continue && r > 0 && origins[r - 1, column] is { } above)
                {
                    var origin = slots[above.Row, above.Column]!;
                    origin.RowSpan = r - above.Row + 1;
                    origin.Blocks.AddRange(cell.Blocks.Where(HasContent));
                    for (var c = column; c < Math.Min(column + span, columns); c++) origins[r, c] = above;
                    cell.Covered = true;
                }
                else
                {
                    slots[r, column] = cell;
                    for (var c = column; c < Math.Min(column + span, columns); c++) origins[r, c] = (r, column);
                }
                cell.Span = Math.Min(span, columns - column);
                column += span;
                previous = cell;
            }
        }

        var cells = new List<Block>(rows.Count * columns);
        var merges = new List<MergeInfo>(rows.Count * columns);
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var cell = slots[r, c];
                var content = cell is { Blocks.Count: > 0 } ? cell.Blocks : [Block.Paragraph()];
                cells.Add(new Block { Type = BlockType.TableCell, Children = content });
                merges.Add(cell is null or { RowSpan: 1, Span: 1 } ? MergeInfo.Single : new MergeInfo(cell.RowSpan, cell.Span));
            }
        }
        _context.Built(cells.Count + 1);
        var widths = new List<int>(columns);
        for (var c = 0; c < columns; c++) widths.Add(c < grid.Count && grid[c] > 0 ? grid[c] : 100);
        return new Block
        {
            Type = BlockType.Table,
            Children = cells,
            Table = new TableProperty
            {
                RowSize = rows.Count,
                ColumnSize = columns,
                ColumnWidth = widths,
                MergeInfo = merges,
                HeaderRow = rows[0].Header,
            },
        };
    }

    private static bool HasContent(Block block) =>
        block.Type != BlockType.Text || block.Elements is { Count: > 0 } || block.Children is { Count: > 0 };

    // ---- altChunk --------------------------------------------------------------------------

    /// <summary>w:altChunk: content imported from another format (HTML, plain text, a nested Word
    /// package), converted by the converter for that format and spliced in here.</summary>
    private void AltChunk(BlockSink sink)
    {
        var id = RelAttr("id");
        _r.Skip();
        if (id is null || !_relationships.TryGetValue(id, out var relationship) || relationship.External) return;
        var blocks = _context.Converter.ConvertChunk(_context, relationship.Target);
        _context.Built(blocks.Sum(DocxLimits.CountBlocks));
        sink.AddRange(blocks);
    }
}
