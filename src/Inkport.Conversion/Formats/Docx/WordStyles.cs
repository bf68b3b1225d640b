using System.Collections.Frozen;
using System.Xml.Linq;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>Run formatting as far as Feishu can show it. Every field is tri-state: null means
/// "inherit", so layers (document defaults, paragraph style, character style, direct formatting)
/// overlay each other. Colours are already Feishu indexes, 0 meaning "explicitly none".</summary>
internal readonly record struct RunFormat(
    bool? Bold, bool? Italic, bool? Underline, bool? Strike, bool? Hidden, bool? Code,
    int? TextColor, int? Highlight, int? Shading)
{
    public RunFormat Over(RunFormat below) => new(
        Bold ?? below.Bold, Italic ?? below.Italic, Underline ?? below.Underline, Strike ?? below.Strike,
        Hidden ?? below.Hidden, Code ?? below.Code, TextColor ?? below.TextColor,
        Highlight ?? below.Highlight, Shading ?? below.Shading);

    /// <summary>Updates the format with one child of <c>w:rPr</c>; <paramref name="attribute"/> reads
    /// a W attribute of that child. Shared by the style tree and the streamed body.</summary>
    public static RunFormat Apply(RunFormat format, string local, Func<string, string?> attribute) => local switch
    {
        "b" => format with { Bold = WordXml.OnOff(attribute("val")) },
        "i" => format with { Italic = WordXml.OnOff(attribute("val")) },
        "u" => format with { Underline = attribute("val") is not ("none" or "0") },
        "strike" or "dstrike" => format with { Strike = WordXml.OnOff(attribute("val")) },
        "vanish" => format with { Hidden = WordXml.OnOff(attribute("val")) },
        "color" => format with { TextColor = WordColors.Text(attribute("val")) },
        "highlight" => format with { Highlight = WordColors.Highlight(attribute("val")) },
        "shd" => format with { Shading = WordColors.Background(attribute("fill")) },
        "rFonts" => format with { Code = IsMonospace(attribute("ascii") ?? attribute("hAnsi")) },
        _ => format,
    };

    private static readonly FrozenSet<string> MonospaceFonts = FrozenSet.ToFrozenSet(
    [
        "Courier New", "Courier", "Consolas", "Menlo", "Monaco", "Lucida Console", "Lucida Sans Typewriter",
        "Source Code Pro", "DejaVu Sans Mono", "Liberation Mono", "Cascadia Code", "Cascadia Mono",
        "Fira Code", "Fira Mono", "Ubuntu Mono", "Roboto Mono", "JetBrains Mono", "Inconsolata", "monospace",
    ], StringComparer.OrdinalIgnoreCase);

    private static bool? IsMonospace(string? font) => font is null ? null : MonospaceFonts.Contains(font);

    public TextElementStyle ToStyle(string? link) => new()
    {
        Bold = Bold == true,
        Italic = Italic == true,
        Underline = Underline == true,
        Strikethrough = Strike == true,
        InlineCode = Code == true,
        Link = link,
        TextColor = TextColor is > 0 ? TextColor : null,
        BackgroundColor = (Highlight is > 0 ? Highlight : Shading is > 0 ? Shading : null),
    };
}

/// <summary>What a paragraph style makes of its paragraphs.</summary>
internal enum StyleRole : byte { Body, Heading, Title, Code, Quote }

/// <summary>A paragraph style with its basedOn chain resolved.</summary>
internal sealed record ParagraphStyle(StyleRole Role, int HeadingLevel, int? OutlineLevel, int? NumId, int? Level, int? Align, RunFormat Run)
{
    public static readonly ParagraphStyle Plain = new(StyleRole.Body, 0, null, null, null, null, default);
}

/// <summary>styles.xml: document defaults, paragraph and character styles, each resolved through
/// its basedOn chain once (cycles and absurd chains are cut at <see cref="MaxChain"/> links).</summary>
internal sealed class WordStyles
{
    private const int MaxChain = 32;

    private sealed record RawStyle(string Id, string Type, string Name, string? BasedOn, XElement Element);

    private readonly Dictionary<string, RawStyle> _raw = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParagraphStyle> _paragraphs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RunFormat> _characters = new(StringComparer.Ordinal);
    private readonly string? _defaultParagraph;

    public RunFormat Defaults { get; }

    public WordStyles(XDocument? styles)
    {
        var root = styles?.Root;
        if (root is null) return;
        Defaults = ReadRun(root.W("docDefaults").W("rPrDefault").W("rPr"));
        foreach (var element in root.Ws("style"))
        {
            var id = element.WAttr("styleId");
            if (id is null) continue;
            var type = element.WAttr("type") ?? "paragraph";
            var name = element.W("name").WAttr("val") ?? id;
            _raw.TryAdd(id, new RawStyle(id, type, name, element.W("basedOn").WAttr("val"), element));
            if (type == "paragraph" && WordXml.OnOff(element.WAttr("default")) && element.WAttr("default") is not null) _defaultParagraph ??= id;
        }
    }

    /// <summary>The resolved paragraph style of a pStyle id (the default paragraph style when null or unknown).</summary>
    public ParagraphStyle Paragraph(string? id)
    {
        id ??= _defaultParagraph;
        if (id is null) return ParagraphStyle.Plain;
        if (_paragraphs.TryGetValue(id, out var resolved)) return resolved;
        resolved = ResolveParagraph(id);
        _paragraphs[id] = resolved;
        return resolved;
    }

    /// <summary>The numId a numbering style (w:numStyleLink target) points at.</summary>
    public int? NumberingStyleNumId(string id) =>
        _raw.TryGetValue(id, out var style) ? WordXml.Int(style.Element.W("pPr").W("numPr").W("numId").WAttr("val")) : null;

    /// <summary>The run format of a character style (rStyle) with its chain; <c>default</c> when unknown.</summary>
    public RunFormat Character(string id)
    {
        if (_characters.TryGetValue(id, out var format)) return format;
        format = default;
        var chain = Chain(id);
        for (var i = chain.Count - 1; i >= 0; i--) format = ReadRun(chain[i].Element.W("rPr")).Over(format);
        if (chain.Count > 0 && IsCodeName(chain[0].Name, chain[0].Id)) format = format with { Code = true };
        _characters[id] = format;
        return format;
    }

    private ParagraphStyle ResolveParagraph(string id)
    {
        var chain = Chain(id);
        if (chain.Count == 0) return _defaultParagraph is { } fallback && fallback != id ? Paragraph(fallback) : ParagraphStyle.Plain;

        RunFormat run = default;
        int? outline = null, numId = null, listLevel = null, align = null;
        for (var i = chain.Count - 1; i >= 0; i--)
        {
            var element = chain[i].Element;
            run = ReadRun(element.W("rPr")).Over(run);
            var pPr = element.W("pPr");
            if (WordXml.Int(pPr.W("outlineLvl").WAttr("val")) is { } o) outline = o;
            if (pPr.W("numPr") is { } numPr)
            {
                if (WordXml.Int(numPr.W("numId").WAttr("val")) is { } n) numId = n;
                if (WordXml.Int(numPr.W("ilvl").WAttr("val")) is { } l) listLevel = l;
            }
            if (Alignment(pPr.W("jc").WAttr("val"), out var a)) align = a;
        }

        // The nearest style in the chain that names a role decides it: "Heading 1" based on "Normal".
        var role = StyleRole.Body;
        var headingLevel = 0;
        foreach (var style in chain)
        {
            if ((HeadingLevel(style.Name) ?? HeadingLevel(style.Id)) is { } level) { role = StyleRole.Heading; headingLevel = level; break; }
            if (IsTitleName(style.Name) || IsTitleName(style.Id)) { role = StyleRole.Title; break; }
            if (IsCodeName(style.Name, style.Id)) { role = StyleRole.Code; break; }
            if (IsQuoteName(style.Name) || IsQuoteName(style.Id)) { role = StyleRole.Quote; break; }
        }
        return new ParagraphStyle(role, headingLevel, outline, numId, listLevel, align, run);
    }

    /// <summary>The style and its basedOn ancestors, nearest first.</summary>
    private List<RawStyle> Chain(string id)
    {
        var chain = new List<RawStyle>();
        for (var current = id; current is not null && chain.Count < MaxChain && _raw.TryGetValue(current, out var style); current = style.BasedOn)
        {
            if (chain.Contains(style)) break;
            chain.Add(style);
        }
        return chain;
    }

    private static RunFormat ReadRun(XElement? rPr)
    {
        RunFormat format = default;
        if (rPr is null) return format;
        foreach (var child in rPr.Elements())
        {
            if (WordXml.Classify(child.Name.NamespaceName) != Ns.W) continue;
            format = RunFormat.Apply(format, child.Name.LocalName, child.WAttr);
        }
        return format;
    }

    /// <summary>w:jc onto Feishu's align: centre 2, right/end 3, else null (left is the default).</summary>
    public static bool Alignment(string? jc, out int? align)
    {
        align = jc switch { "center" => 2, "right" or "end" => 3, _ => null };
        return jc is not null;
    }

    /// <summary>Built-in heading names as Word and other writers spell them, normalised (lower
    /// case, no spaces): Word keeps English names in w:name but localises style ids
    /// ("berschrift1", "Titre1"); WPS and LibreOffice write localised names ("标题 1").</summary>
    private static readonly string[] HeadingWords =
    [
        "heading", "überschrift", "berschrift", "titre", "заголовок", "标题", "標題", "見出し", "제목",
        "titolo", "título", "titulo", "kop", "nagłówek", "rubrik", "otsikko", "overskrift", "başlık",
        "nadpis", "címsor", "kopje", "cabeçalho", "naslov", "antraštė", "virsraksts", "pealkiri",
        "επικεφαλίδα", "כותרת", "عنوان", "หัวเรื่อง", "tiêuđề",
    ];

    /// <summary>"heading 3", "Überschrift 3", "标题 3", "Heading3" → 3; null when not a heading name.</summary>
    public static int? HeadingLevel(string name)
    {
        var normal = Normalise(name);
        var digits = normal.Length;
        while (digits > 0 && char.IsAsciiDigit(normal[digits - 1])) digits--;
        if (digits == normal.Length || normal.Length - digits > 1) return null;
        var level = normal[^1] - '0';
        if (level is < 1 or > 9) return null;
        var word = normal[..digits];
        foreach (var heading in HeadingWords) if (word == heading) return level;
        return null;
    }

    private static bool IsTitleName(string name) => Normalise(name) is "title" or "titel" or "titre" or "titolo" or "título" or "titulo" or "标题" or "標題" or "表題" or "название" or "제목";

    public static bool IsCodeName(string name, string id)
    {
        var normal = Normalise(name);
        if (normal is "sourcecode" or "htmlpreformatted" or "preformattedtext" or "macrotext" or "code" or "codeblock"
            or "verbatimchar" or "htmlcode" or "sourcecodechar" or "htmlvorformatiert") return true;
        return normal.EndsWith("code", StringComparison.Ordinal) && normal.Length <= 16 || Normalise(id) is "sourcecode" or "verbatimchar";
    }

    private static bool IsQuoteName(string name) => Normalise(name) is "quote" or "intensequote" or "blocktext" or "zitat"
        or "intensiveszitat" or "citation" or "citationintense" or "цитата" or "выделеннаяцитата" or "引用" or "明显引用"
        or "引用文" or "cita" or "citadestacada" or "citazione" or "citazioneintensa" or "blockquote" or "quotations";

    private static string Normalise(string name)
    {
        Span<char> buffer = stackalloc char[Math.Min(name.Length, 64)];
        var length = 0;
        foreach (var c in name)
        {
            if (c is ' ' or '_' or '-' or '\u00A0') continue;
            if (length == buffer.Length) break;
            buffer[length++] = char.ToLowerInvariant(c);
        }
        return new string(buffer[..length]);
    }
}
