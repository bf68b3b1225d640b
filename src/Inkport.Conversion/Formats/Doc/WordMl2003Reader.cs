using System.Globalization;
using System.Xml;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Doc;

/// <summary>Reads Word 2003 XML (WordprocessingML 2003, root <c>w:wordDocument</c>), which Word saved
/// with a .xml or .doc name: paragraphs and runs (bold, italic, underline, strikethrough), hyperlinks
/// (w:hlink and HYPERLINK fields), headings by paragraph style ("heading N" or an outline level),
/// lists through w:lists, tables on their w:tblGrid with gridSpan and vmerge, and w:binData pictures.
/// Streamed with an XmlReader; DTDs are refused and nothing external is resolved.</summary>
internal sealed class WordMl2003Reader
{
    private const string W = "http://schemas.microsoft.com/office/word/2003/wordml";
    private const string Aml = "http://schemas.microsoft.com/aml/2001/core";
    private const int MaxDepth = 128;
    private const int MaxBinDataChars = 90 * 1024 * 1024;
    private const int MaxInstructionChars = 2048;

    private readonly XmlReader _reader;
    private readonly ConversionOptions _options;
    private readonly Warnings _warnings;
    private readonly List<MediaItem> _media;
    private readonly Dictionary<string, int> _headingByStyle = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(int Nfc, int Start)>> _levelsByListDef = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _listDefByIlfo = new(StringComparer.Ordinal);

    private WordMl2003Reader(XmlReader reader, ConversionOptions options, Warnings warnings, List<MediaItem> media)
    {
        _reader = reader;
        _options = options;
        _warnings = warnings;
        _media = media;
    }

    public static List<WordItem> Read(Stream source, ConversionOptions options, Warnings warnings, List<MediaItem> media)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = false,
        };
        using var reader = XmlReader.Create(source, settings);
        try
        {
            reader.MoveToContent();
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "wordDocument" || reader.NamespaceURI != W)
            {
                throw reader.LocalName == "package"
                    ? ConversionException.OfficeUnsupported("Word 2007 XML (flat OPC package) named .doc")
                    : ConversionException.Corrupt($"XML whose root is <{reader.Name}>, not a Word 2003 XML document", Where(reader));
            }
            return new WordMl2003Reader(reader, options, warnings, media).ReadDocument();
        }
        catch (XmlException e)
        {
            throw ConversionException.Corrupt($"malformed XML: {e.Message}", ConversionException.At(e.LineNumber, e.LinePosition), e);
        }
    }

    private static string? Where(XmlReader reader) =>
        reader is IXmlLineInfo info && info.HasLineInfo() ? ConversionException.At(info.LineNumber, info.LinePosition) : null;

    private List<WordItem> ReadDocument()
    {
        var items = new List<WordItem>();
        foreach (var _ in Children())
        {
            if (_reader.NamespaceURI != W) { _reader.Skip(); continue; }
            switch (_reader.LocalName)
            {
                case "styles": ReadStyles(); break;
                case "lists": ReadLists(); break;
                case "body": ReadBlocks(items); break;
                default: _reader.Skip(); break;
            }
        }
        return items;
    }

    /// <summary>Visits the child elements of the current element; every visitor consumes the element it is
    /// given (Skip or a Read* method). Text and other nodes between children are passed over.</summary>
    private IEnumerable<bool> Children(bool started = false)
    {
        if (_reader.Depth > MaxDepth) throw ConversionException.Corrupt($"XML nested deeper than {MaxDepth} elements", Where(_reader));
        int depth;
        if (started)
        {
            // Already inside the element: its children are one level below the current node.
            depth = _reader.Depth - 1;
        }
        else
        {
            if (_reader.IsEmptyElement)
            {
                _reader.Read();
                yield break;
            }
            depth = _reader.Depth;
            _reader.Read();
        }
        while (!_reader.EOF && _reader.Depth > depth)
        {
            _options.Cancellation.ThrowIfCancellationRequested();
            if (_reader.NodeType == XmlNodeType.Element) yield return true;
            else
            {
                _reader.Read();
            }
        }
        if (_reader.NodeType == XmlNodeType.EndElement && _reader.Depth == depth) _reader.Read();
    }

    private string? Value(string name = "val") => _reader.GetAttribute(name, W);

    private bool IsW(string localName) => _reader.NamespaceURI == W && _reader.LocalName == localName;

    // ---- styles and lists ----

    private void ReadStyles()
    {
        foreach (var _ in Children())
        {
            if (!IsW("style")) { _reader.Skip(); continue; }
            var id = Value("styleId") ?? _reader.GetAttribute("styleId");
            var isParagraph = Value("type") is null or "paragraph";
            var level = 0;
            foreach (var __ in Children())
            {
                if (IsW("name"))
                {
                    var name = Value()?.Trim() ?? "";
                    if (name.Length == 9 && name.StartsWith("heading ", StringComparison.OrdinalIgnoreCase) && name[8] is >= '1' and <= '9') level = name[8] - '0';
                    _reader.Skip();
                }
                else if (IsW("pPr"))
                {
                    foreach (var ___ in Children())
                    {
                        if (IsW("outlineLvl") && level == 0 && int.TryParse(Value(), CultureInfo.InvariantCulture, out var outline) && outline is >= 0 and <= 8) level = outline + 1;
                        _reader.Skip();
                    }
                }
                else _reader.Skip();
            }
            if (id is not null && isParagraph && level > 0) _headingByStyle[id] = level;
        }
    }

    private void ReadLists()
    {
        foreach (var _ in Children())
        {
            if (IsW("listDef") && Value("listDefId") is { } defId)
            {
                var levels = new List<(int, int)>();
                foreach (var __ in Children())
                {
                    if (!IsW("lvl")) { _reader.Skip(); continue; }
                    int nfc = 0, start = 1;
                    foreach (var ___ in Children())
                    {
                        if (IsW("nfc")) int.TryParse(Value(), CultureInfo.InvariantCulture, out nfc);
                        else if (IsW("start")) int.TryParse(Value(), CultureInfo.InvariantCulture, out start);
                        _reader.Skip();
                    }
                    if (levels.Count < 9) levels.Add((nfc, start));
                }
                _levelsByListDef[defId] = levels;
            }
            else if (IsW("list") && Value("ilfo") is { } ilfo)
            {
                foreach (var __ in Children())
                {
                    if (IsW("ilst") && Value() is { } def) _listDefByIlfo[ilfo] = def;
                    _reader.Skip();
                }
            }
            else _reader.Skip();
        }
    }

    // ---- blocks ----

    /// <summary>Block-level content: paragraphs and tables; sections, annotations and custom markup are
    /// looked through; section properties (headers, footers) and other stories are skipped.</summary>
    private void ReadBlocks(List<WordItem> items)
    {
        foreach (var _ in Children())
        {
            if (IsW("p")) ReadParagraph(items);
            else if (IsW("tbl")) items.Add(ReadTable());
            else if (IsSkipped()) _reader.Skip();
            else ReadBlocks(items);
        }
    }

    private bool IsSkipped()
    {
        if (_reader.NamespaceURI == Aml && _reader.LocalName == "annotation") return Value("type") != "Word.Insertion";
        return _reader.NamespaceURI == W && _reader.LocalName is "sectPr" or "hdr" or "ftr" or "footnote" or "endnote" or "pPr" or "rPr"
            or "tblPr" or "trPr" or "tcPr" or "tblGrid" or "instrText" or "delText" or "bgPict" or "docPr" or "fonts";
    }

    private sealed class ParagraphState
    {
        public readonly TextElementBuilder Text = new();
        public readonly List<WordImage> Images = [];
        public readonly List<WordItem> Trailing = [];
        public readonly List<(bool InResult, string? Link, System.Text.StringBuilder Instruction)> Fields = [];
        public int Length;
    }

    private void ReadParagraph(List<WordItem> items)
    {
        string? style = null, ilfo = null, jc = null;
        var ilvl = 0;
        var markHidden = false;
        var outline = -1;
        var state = new ParagraphState();
        foreach (var _ in Children())
        {
            if (IsW("pPr"))
            {
                foreach (var __ in Children())
                {
                    if (IsW("pStyle")) { style = Value(); _reader.Skip(); }
                    else if (IsW("jc")) { jc = Value(); _reader.Skip(); }
                    else if (IsW("outlineLvl")) { if (int.TryParse(Value(), CultureInfo.InvariantCulture, out var o)) outline = o; _reader.Skip(); }
                    else if (IsW("rPr")) markHidden = ReadRunProperties().Hidden;
                    else if (IsW("listPr"))
                    {
                        foreach (var ___ in Children())
                        {
                            if (IsW("ilvl")) int.TryParse(Value(), CultureInfo.InvariantCulture, out ilvl);
                            else if (IsW("ilfo")) ilfo = Value();
                            _reader.Skip();
                        }
                    }
                    else _reader.Skip();
                }
            }
            else if (IsW("rPr")) markHidden = ReadRunProperties().Hidden;
            else ReadInline(state, link: null);
        }

        var heading = style is not null && _headingByStyle.TryGetValue(style, out var level) ? level : outline is >= 0 and <= 8 ? outline + 1 : 0;
        var list = heading > 0 ? null : ListMark(ilfo, Math.Clamp(ilvl, 0, 8));
        int? align = jc switch { "center" => 2, "right" => 3, _ => null };
        var elements = state.Text.Take();
        // An empty paragraph whose mark is hidden is not shown by Word either.
        if (elements.Count > 0 || state.Images.Count > 0 || !markHidden)
            items.Add(new WordParagraph(elements, heading, list, align, state.Images.Count > 0 ? state.Images : null));
        items.AddRange(state.Trailing);
    }

    private WordListMark? ListMark(string? ilfo, int ilvl)
    {
        if (ilfo is null || ilfo == "0") return null;
        var key = int.TryParse(ilfo, CultureInfo.InvariantCulture, out var n) ? n : ilfo.GetHashCode();
        if (!_listDefByIlfo.TryGetValue(ilfo, out var def) || !_levelsByListDef.TryGetValue(def, out var levels) || levels.Count == 0)
            return new WordListMark(key, ilvl, Ordered: false, StartAt: 1);
        var (nfc, start) = levels[Math.Min(ilvl, levels.Count - 1)];
        if (nfc == 255) return null;
        var listKey = int.TryParse(def, CultureInfo.InvariantCulture, out var d) ? d : def.GetHashCode();
        return new WordListMark(listKey, ilvl, Ordered: nfc != 23, StartAt: Math.Clamp(start, 0, 32767));
    }

    /// <summary>Inline content of a paragraph: runs, hyperlinks, simple fields, insertions and custom markup.</summary>
    private void ReadInline(ParagraphState state, string? link)
    {
        if (IsW("r")) { ReadRun(state, link); return; }
        if (IsW("hlink"))
        {
            var target = Value("dest");
            var anchor = Value("bookmark");
            var url = string.IsNullOrEmpty(target) ? string.IsNullOrEmpty(anchor) ? link : "#" + anchor : target;
            foreach (var _ in Children()) ReadInline(state, url);
            return;
        }
        if (IsW("tbl")) { state.Trailing.Add(ReadTable()); return; }
        if (IsW("p")) { ReadParagraph(state.Trailing); return; }
        if (IsW("pict")) { ReadPicture(state); return; }
        if (IsSkipped()) { _reader.Skip(); return; }
        foreach (var _ in Children()) ReadInline(state, link);
    }

    private void ReadRun(ParagraphState state, string? link)
    {
        var style = TextElementStyle.Plain;
        foreach (var _ in Children())
        {
            if (_reader.NamespaceURI != W) { _reader.Skip(); continue; }
            switch (_reader.LocalName)
            {
                case "rPr":
                    (style, var hidden) = ReadRunProperties();
                    // Hidden text is not shown by Word: the rest of the run is left out.
                    if (hidden) { SkipRest(); return; }
                    break;
                case "t": Append(state, _reader.ReadElementContentAsString(), style, link); break;
                case "tab": Append(state, "\t", style, link); _reader.Skip(); break;
                case "br" or "cr":
                    if (Value("type") is null or "textWrapping") Append(state, "\n", style, link);
                    _reader.Skip();
                    break;
                case "noBreakHyphen": Append(state, "\u2011", style, link); _reader.Skip(); break;
                case "sym":
                    if (int.TryParse(Value("char"), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code) && code is > 0x1F and < 0xD800)
                        Append(state, ((char)code).ToString(), style, link);
                    _reader.Skip();
                    break;
                case "fldChar": Field(state, Value("fldCharType")); _reader.Skip(); break;
                case "instrText":
                    var instruction = _reader.ReadElementContentAsString();
                    if (state.Fields.Count > 0 && !state.Fields[^1].InResult && state.Fields[^1].Instruction.Length < MaxInstructionChars)
                        state.Fields[^1].Instruction.Append(instruction);
                    break;
                case "pict": ReadPicture(state); break;
                default: _reader.Skip(); break;
            }
        }
    }

    private void Field(ParagraphState state, string? type)
    {
        var fields = state.Fields;
        switch (type)
        {
            case "begin": if (fields.Count < 64) fields.Add((false, null, new System.Text.StringBuilder())); break;
            case "separate" when fields.Count > 0 && !fields[^1].InResult:
                fields[^1] = (true, Hyperlink(fields[^1].Instruction.ToString()), fields[^1].Instruction);
                break;
            case "end" when fields.Count > 0: fields.RemoveAt(fields.Count - 1); break;
        }
    }

    private static string? Hyperlink(string instruction)
    {
        var span = instruction.AsSpan().Trim();
        if (!span.StartsWith("HYPERLINK", StringComparison.OrdinalIgnoreCase)) return null;
        span = span[9..].Trim();
        if (span.IsEmpty || span[0] == '\\') return null;
        if (span[0] == '"')
        {
            var close = span[1..].IndexOf('"');
            return close <= 0 ? null : span.Slice(1, close).ToString();
        }
        var space = span.IndexOf(' ');
        return (space < 0 ? span : span[..space]).ToString();
    }

    private void Append(ParagraphState state, string text, TextElementStyle style, string? link)
    {
        if (text.Length == 0) return;
        string? fieldLink = null;
        foreach (var field in state.Fields)
        {
            if (!field.InResult) return;
            fieldLink = field.Link ?? fieldLink;
        }
        // One character beyond the limit is kept so that the limits pass reports the overflow.
        var room = _options.Limits.MaxParagraphChars + 1 - state.Length;
        if (room <= 0) return;
        if (text.Length > room) text = text[..room];
        state.Length += text.Length;
        var target = fieldLink ?? link;
        state.Text.Append(text, target is null ? style : style with { Link = target, Underline = false });
    }

    private (TextElementStyle Style, bool Hidden) ReadRunProperties()
    {
        bool bold = false, italic = false, underline = false, strike = false, hidden = false;
        foreach (var _ in Children())
        {
            if (_reader.NamespaceURI == W)
            {
                switch (_reader.LocalName)
                {
                    case "b": bold = IsOn(); break;
                    case "i": italic = IsOn(); break;
                    case "u": underline = Value() is { } u && u != "none"; break;
                    case "strike" or "dstrike": strike |= IsOn(); break;
                    case "vanish": hidden = IsOn(); break;
                }
            }
            _reader.Skip();
        }
        return (new TextElementStyle { Bold = bold, Italic = italic, Underline = underline, Strikethrough = strike }, hidden);
    }

    private bool IsOn() => Value() is not ("off" or "0" or "false" or "none");

    /// <summary>A VML picture: its w:binData (base64 file) becomes an image when it is PNG, JPEG or GIF;
    /// anything else is reported as a failed image (1005).</summary>
    private void ReadPicture(ParagraphState state)
    {
        var found = false;
        foreach (var _ in Descendants())
        {
            if (!IsW("binData")) continue;
            found = true;
            var image = DecodeImage();
            if (image is null) { _warnings.Add(ExtraCodes.DocxImagesFailed); continue; }
            _media.Add(image.ToMedia(_media.Count));
            state.Images.Add(new WordImage(_media.Count - 1, image.Width, image.Height));
        }
        if (!found) _warnings.Add(ExtraCodes.DocxImagesFailed);
    }

    /// <summary>Every element below the current one, depth first; the visitor may consume an element.</summary>
    private IEnumerable<bool> Descendants()
    {
        foreach (var _ in Children())
        {
            if (IsW("binData")) { yield return true; continue; }
            foreach (var __ in Descendants()) yield return true;
        }
    }

    private EmbeddedImage? DecodeImage()
    {
        var text = new System.Text.StringBuilder();
        var buffer = new char[8192];
        if (_reader.IsEmptyElement) { _reader.Skip(); return null; }
        _reader.Read();
        while (_reader.NodeType is XmlNodeType.Text or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace or XmlNodeType.CDATA)
        {
            int read;
            while ((read = _reader.ReadValueChunk(buffer, 0, buffer.Length)) > 0)
            {
                if (text.Length + read > MaxBinDataChars) { SkipToEnd(); return null; }
                text.Append(buffer, 0, read);
            }
            _reader.Read();
        }
        SkipToEnd();
        try
        {
            return EmbeddedImages.Sniff(Convert.FromBase64String(text.ToString()));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Skips the remaining children of the current element and its end tag.</summary>
    private void SkipRest()
    {
        foreach (var _ in Children(started: true)) _reader.Skip();
    }

    private void SkipToEnd()
    {
        while (!_reader.EOF && _reader.NodeType != XmlNodeType.EndElement) _reader.Skip();
        if (_reader.NodeType == XmlNodeType.EndElement) _reader.Read();
    }

    // ---- tables ----

    private WordTable ReadTable()
    {
        var grid = new List<int>();
        var rows = new List<WordRow>();
        foreach (var _ in Children())
        {
            if (IsW("tblGrid"))
            {
                foreach (var __ in Children())
                {
                    if (IsW("gridCol") && int.TryParse(Value("w") ?? Value(), CultureInfo.InvariantCulture, out var width)) grid.Add(Math.Clamp(width, 0, 31680));
                    _reader.Skip();
                }
            }
            else if (IsW("tr")) rows.Add(ReadRow(grid));
            else if (IsW("tblPr")) _reader.Skip();
            else if (!IsSkipped()) ReadRowsInside(rows, grid);
            else _reader.Skip();
        }
        return new WordTable(rows);
    }

    private void ReadRowsInside(List<WordRow> rows, List<int> grid)
    {
        foreach (var _ in Children())
        {
            if (IsW("tr")) rows.Add(ReadRow(grid));
            else if (IsSkipped()) _reader.Skip();
            else ReadRowsInside(rows, grid);
        }
    }

    private WordRow ReadRow(List<int> grid)
    {
        var cells = new List<WordCell>();
        var header = false;
        var column = 0;
        foreach (var _ in Children())
        {
            if (IsW("trPr"))
            {
                foreach (var __ in Children())
                {
                    if (IsW("tblHeader")) header = IsOn();
                    else if (IsW("gridBefore") && int.TryParse(Value(), CultureInfo.InvariantCulture, out var before)) column += Math.Clamp(before, 0, 63);
                    _reader.Skip();
                }
            }
            else if (IsW("tc")) cells.Add(ReadCell(grid, ref column));
            else _reader.Skip();
        }
        return new WordRow(cells, header);
    }

    private WordCell ReadCell(List<int> grid, ref int column)
    {
        var span = 1;
        var merge = WordVerticalMerge.None;
        var content = new List<WordItem>();
        foreach (var _ in Children())
        {
            if (IsW("tcPr"))
            {
                foreach (var __ in Children())
                {
                    if (IsW("gridSpan") && int.TryParse(Value(), CultureInfo.InvariantCulture, out var s)) span = Math.Clamp(s, 1, 63);
                    else if (IsW("vmerge")) merge = Value() == "restart" ? WordVerticalMerge.Restart : WordVerticalMerge.Continue;
                    _reader.Skip();
                }
            }
            else if (IsW("p")) ReadParagraph(content);
            else if (IsW("tbl")) content.Add(ReadTable());
            else if (IsSkipped()) _reader.Skip();
            else ReadBlocks(content);
        }
        int? left = null, right = null;
        if (column + span <= grid.Count)
        {
            left = grid.Take(column).Sum();
            right = left + grid.Skip(column).Take(span).Sum();
        }
        column += span;
        return new WordCell(content, left, right, merge);
    }
}
