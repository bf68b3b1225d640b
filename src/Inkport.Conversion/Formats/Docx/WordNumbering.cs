using System.Xml;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>One level of a list definition: bullet or numbered, and where its numbers start.
/// <see cref="None"/> (numFmt "none") is numbering that shows nothing: the paragraph stays text.
/// A bullet drawn as a ballot box (☐, or ☒/☑ checked) is a to-do item: <see cref="Checked"/> is set.</summary>
internal readonly record struct ListLevel(bool Ordered, bool None, int Start, bool? Checked = null);

/// <summary>numbering.xml: w:num instances over w:abstractNum definitions, with per-instance
/// level overrides (startOverride, or a whole replacement w:lvl) and numStyleLink indirection.
/// The part is streamed into what the levels need: a document can declare thousands of lists.</summary>
internal sealed class WordNumbering
{
    public const int MaxLevel = 8;
    private const int MaxIds = 100_000;

    /// <summary>What a w:lvl says: its ilvl, numFmt (direct, else the first non-custom one of an
    /// mc:AlternateContent branch: w14 custom formats carry a plain fallback), lvlText and start.</summary>
    private sealed record LevelDefinition(int Ilvl, string? Format, string? Text, int? Start);

    private sealed record LevelOverride(int? Ilvl, int? StartOverride, LevelDefinition? Level);

    private sealed class AbstractDefinition
    {
        public readonly List<LevelDefinition> Levels = [];
        public string? StyleLink;
    }

    private sealed class Instance
    {
        public int? AbstractId;
        public readonly List<LevelOverride> Overrides = [];
    }

    private readonly Dictionary<int, AbstractDefinition> _abstracts = [];
    private readonly Dictionary<int, Instance> _instances = [];
    private readonly Dictionary<(int, int), ListLevel?> _resolved = [];
    private readonly WordStyles _styles;

    private WordNumbering(WordStyles styles) => _styles = styles;

    /// <summary>The numbering of a package without a numbering part.</summary>
    public static WordNumbering Empty(WordStyles styles) => new(styles);

    /// <summary>Reads a numbering part (XML errors surface as XmlException, for the caller's guard).</summary>
    public static WordNumbering Read(Stream part, WordStyles styles)
    {
        var numbering = new WordNumbering(styles);
        using var reader = XmlReader.Create(part, WordXml.ReaderSettings());
        if (reader.MoveToContent() != XmlNodeType.Element) return numbering;
        var root = Enter(reader);
        while (Next(reader, root))
        {
            if (numbering._abstracts.Count + numbering._instances.Count > MaxIds) { reader.Skip(); continue; }
            if (IsW(reader, "abstractNum") && WordXml.Int(WAttr(reader, "abstractNumId")) is { } abstractId)
            {
                var definition = ReadAbstract(reader);
                numbering._abstracts.TryAdd(abstractId, definition);
            }
            else if (IsW(reader, "num") && WordXml.Int(WAttr(reader, "numId")) is { } numId)
            {
                var instance = ReadInstance(reader);
                numbering._instances.TryAdd(numId, instance);
            }
            else reader.Skip();
        }
        return numbering;
    }

    /// <summary>The level <paramref name="level"/> (clamped to 0–8) of list instance <paramref name="numId"/>;
    /// null when the instance does not exist (numId 0 removes numbering).</summary>
    public ListLevel? Level(int numId, int level)
    {
        level = Math.Clamp(level, 0, MaxLevel);
        if (_resolved.TryGetValue((numId, level), out var cached)) return cached;
        var resolved = Resolve(numId, level, hops: 0);
        _resolved[(numId, level)] = resolved;
        return resolved;
    }

    private ListLevel? Resolve(int numId, int level, int hops)
    {
        if (numId == 0 || hops > 4 || !_instances.TryGetValue(numId, out var instance)) return null;
        int? startOverride = null;
        LevelDefinition? definitionLevel = null;
        foreach (var lvlOverride in instance.Overrides)
        {
            if (lvlOverride.Ilvl != level) continue;
            startOverride = lvlOverride.StartOverride;
            definitionLevel = lvlOverride.Level;
        }
        if (definitionLevel is null && instance.AbstractId is { } abstractId && _abstracts.TryGetValue(abstractId, out var definition))
        {
            // A definition that only links to a numbering style takes its levels from that style's list.
            if (definition.StyleLink is { } link && _styles.NumberingStyleNumId(link) is { } linked && linked != numId)
            {
                var viaStyle = Resolve(linked, level, hops + 1);
                return viaStyle is { } found && startOverride is { } start ? found with { Start = start } : viaStyle;
            }
            definitionLevel = FindLevel(definition, level);
        }
        if (definitionLevel is null) return new ListLevel(true, false, startOverride ?? 1);
        var format = definitionLevel.Format ?? "decimal";
        bool? box = format == "bullet" ? definitionLevel.Text switch { "☐" => false, "☒" or "☑" => true, _ => null } : null;
        return new ListLevel(format != "bullet", format == "none", startOverride ?? definitionLevel.Start ?? 1, box);
    }

    /// <summary>The definition's level <paramref name="level"/>, else the last one below it.</summary>
    private static LevelDefinition? FindLevel(AbstractDefinition definition, int level)
    {
        LevelDefinition? nearestBelow = null;
        foreach (var lvl in definition.Levels)
        {
            if (lvl.Ilvl == level) return lvl;
            if (lvl.Ilvl < level) nearestBelow = lvl;
        }
        return nearestBelow;
    }

    // ---- reading: each reader is entered on a start element and leaves after its end tag ----------
    // Of a repeated child only the first counts (w:numFmt, w:start, ...), as in Word.

    private static AbstractDefinition ReadAbstract(XmlReader reader)
    {
        var definition = new AbstractDefinition();
        var linkSeen = false;
        var d = Enter(reader);
        while (Next(reader, d))
        {
            if (IsW(reader, "lvl")) { definition.Levels.Add(ReadLevel(reader)); continue; }
            if (!linkSeen && IsW(reader, "numStyleLink"))
            {
                linkSeen = true;
                definition.StyleLink = WAttr(reader, "val");
            }
            reader.Skip();
        }
        return definition;
    }

    private static Instance ReadInstance(XmlReader reader)
    {
        var instance = new Instance();
        var abstractSeen = false;
        var d = Enter(reader);
        while (Next(reader, d))
        {
            if (!abstractSeen && IsW(reader, "abstractNumId"))
            {
                abstractSeen = true;
                instance.AbstractId = WordXml.Int(WAttr(reader, "val"));
            }
            else if (IsW(reader, "lvlOverride"))
            {
                instance.Overrides.Add(ReadOverride(reader));
                continue;
            }
            reader.Skip();
        }
        return instance;
    }

    private static LevelOverride ReadOverride(XmlReader reader)
    {
        var ilvl = WordXml.Int(WAttr(reader, "ilvl"));
        int? startOverride = null;
        LevelDefinition? level = null;
        bool startSeen = false, levelSeen = false;
        var d = Enter(reader);
        while (Next(reader, d))
        {
            if (!startSeen && IsW(reader, "startOverride"))
            {
                startSeen = true;
                startOverride = WordXml.Int(WAttr(reader, "val"));
            }
            else if (!levelSeen && IsW(reader, "lvl"))
            {
                levelSeen = true;
                level = ReadLevel(reader);
                continue;
            }
            reader.Skip();
        }
        return new LevelOverride(ilvl, startOverride, level);
    }

    private static LevelDefinition ReadLevel(XmlReader reader)
    {
        var ilvl = WordXml.Int(WAttr(reader, "ilvl")) ?? 0;
        string? format = null, alternateFormat = null, text = null;
        int? start = null;
        bool formatSeen = false, textSeen = false, startSeen = false;
        var d = Enter(reader);
        while (Next(reader, d))
        {
            if (!formatSeen && IsW(reader, "numFmt"))
            {
                formatSeen = true;
                format = WAttr(reader, "val");
            }
            else if (!textSeen && IsW(reader, "lvlText"))
            {
                textSeen = true;
                text = WAttr(reader, "val");
            }
            else if (!startSeen && IsW(reader, "start"))
            {
                startSeen = true;
                start = WordXml.Int(WAttr(reader, "val"));
            }
            else if (reader.LocalName == "AlternateContent")
            {
                var branches = Enter(reader);
                while (Next(reader, branches))
                {
                    var branchFormatSeen = false;
                    var branch = Enter(reader);
                    while (Next(reader, branch))
                    {
                        if (!branchFormatSeen && IsW(reader, "numFmt"))
                        {
                            branchFormatSeen = true;
                            if (alternateFormat is null && WAttr(reader, "val") is { } value && value != "custom") alternateFormat = value;
                        }
                        reader.Skip();
                    }
                }
                continue;
            }
            reader.Skip();
        }
        return new LevelDefinition(ilvl, format ?? alternateFormat, text, start);
    }

    private static bool IsW(XmlReader reader, string local) =>
        reader.LocalName == local && WordXml.Classify(reader.NamespaceURI) == Ns.W;

    /// <summary>A W attribute of the current element (prefixed, or unprefixed from lax writers); the first one.</summary>
    private static string? WAttr(XmlReader reader, string local)
    {
        if (!reader.MoveToFirstAttribute()) return null;
        string? value = null;
        do
        {
            if (reader.LocalName != local) continue;
            var ns = reader.NamespaceURI;
            if (ns.Length == 0 || WordXml.Classify(ns) == Ns.W)
            {
                value = reader.Value;
                break;
            }
        }
        while (reader.MoveToNextAttribute());
        reader.MoveToElement();
        return value;
    }

    /// <summary>On a start element: steps inside and returns its depth, or -1 for an empty element (consumed).</summary>
    private static int Enter(XmlReader reader)
    {
        if (reader.IsEmptyElement) { reader.Read(); return -1; }
        var depth = reader.Depth;
        reader.Read();
        return depth;
    }

    /// <summary>True on the next child element of the element entered at <paramref name="depth"/>; false once its end tag is consumed.</summary>
    private static bool Next(XmlReader reader, int depth)
    {
        if (depth < 0) return false;
        while (true)
        {
            if (reader.NodeType == XmlNodeType.Element) return true;
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth) { reader.Read(); return false; }
            if (!reader.Read()) return false;
        }
    }
}
