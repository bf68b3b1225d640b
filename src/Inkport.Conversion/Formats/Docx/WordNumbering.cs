using System.Xml.Linq;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>One level of a list definition: bullet or numbered, and where its numbers start.
/// <see cref="None"/> (numFmt "none") is numbering that shows nothing: the paragraph stays text.
/// A bullet drawn as a ballot box (☐, or ☒/☑ checked) is a to-do item: <see cref="Checked"/> is set.</summary>
internal readonly record struct ListLevel(bool Ordered, bool None, int Start, bool? Checked = null);

/// <summary>numbering.xml: w:num instances over w:abstractNum definitions, with per-instance
/// level overrides (startOverride, or a whole replacement w:lvl) and numStyleLink indirection.</summary>
internal sealed class WordNumbering
{
    public const int MaxLevel = 8;
    private const int MaxIds = 100_000;

    private readonly Dictionary<int, XElement> _abstracts = [];
    private readonly Dictionary<int, XElement> _instances = [];
    private readonly Dictionary<(int, int), ListLevel?> _resolved = [];
    private readonly WordStyles _styles;

    public WordNumbering(XDocument? numbering, WordStyles styles)
    {
        _styles = styles;
        var root = numbering?.Root;
        if (root is null) return;
        foreach (var element in root.Elements())
        {
            if (_abstracts.Count + _instances.Count > MaxIds) break;
            if (element.IsW("abstractNum") && WordXml.Int(element.WAttr("abstractNumId")) is { } abstractId) _abstracts.TryAdd(abstractId, element);
            else if (element.IsW("num") && WordXml.Int(element.WAttr("numId")) is { } numId) _instances.TryAdd(numId, element);
        }
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
        XElement? levelElement = null;
        foreach (var lvlOverride in instance.Ws("lvlOverride"))
        {
            if (WordXml.Int(lvlOverride.WAttr("ilvl")) != level) continue;
            startOverride = WordXml.Int(lvlOverride.W("startOverride").WAttr("val"));
            levelElement = lvlOverride.W("lvl");
        }
        if (levelElement is null && WordXml.Int(instance.W("abstractNumId").WAttr("val")) is { } abstractId && _abstracts.TryGetValue(abstractId, out var definition))
        {
            // A definition that only links to a numbering style takes its levels from that style's list.
            if (definition.W("numStyleLink").WAttr("val") is { } link && _styles.NumberingStyleNumId(link) is { } linked && linked != numId)
            {
                var viaStyle = Resolve(linked, level, hops + 1);
                return viaStyle is { } found && startOverride is { } start ? found with { Start = start } : viaStyle;
            }
            levelElement = FindLevel(definition, level);
        }
        if (levelElement is null) return new ListLevel(true, false, startOverride ?? 1);
        var format = NumberFormat(levelElement) ?? "decimal";
        bool? box = format == "bullet" ? levelElement.W("lvlText").WAttr("val") switch { "☐" => false, "☒" or "☑" => true, _ => null } : null;
        return new ListLevel(format != "bullet", format == "none", startOverride ?? WordXml.Int(levelElement.W("start").WAttr("val")) ?? 1, box);
    }

    private static XElement? FindLevel(XElement definition, int level)
    {
        XElement? nearestBelow = null;
        foreach (var lvl in definition.Ws("lvl"))
        {
            var ilvl = WordXml.Int(lvl.WAttr("ilvl")) ?? 0;
            if (ilvl == level) return lvl;
            if (ilvl < level) nearestBelow = lvl;
        }
        return nearestBelow;
    }

    /// <summary>w:numFmt, also when it sits in an mc:AlternateContent (w14 custom formats carry a
    /// plain fallback).</summary>
    private static string? NumberFormat(XElement lvl)
    {
        if (lvl.W("numFmt").WAttr("val") is { } direct) return direct;
        foreach (var alternate in lvl.Elements())
        {
            if (alternate.Name.LocalName != "AlternateContent") continue;
            foreach (var branch in alternate.Elements())
            {
                if (branch.W("numFmt").WAttr("val") is { } value && value != "custom") return value;
            }
        }
        return null;
    }
}
