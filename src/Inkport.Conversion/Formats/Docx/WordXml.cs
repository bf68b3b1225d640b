using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Inkport.Conversion.Formats.Docx;

/// <summary>The XML vocabularies of a Word package, each known by its Transitional and its Strict
/// namespace: the reader compares kinds, never URIs, so one code path reads both conformance classes.</summary>
internal enum Ns : byte { Other, W, R, M, A, WP, Pic, V, MC, Wps, Wpg, Wpc, Office }

internal static class WordXml
{
    public const string WTransitional = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    public const string WStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main";
    public const string RTransitional = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    public const string RStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships";

    public static Ns Classify(string uri) => uri switch
    {
        WTransitional or WStrict => Ns.W,
        RTransitional or RStrict => Ns.R,
        "http://schemas.openxmlformats.org/officeDocument/2006/math" or "http://purl.oclc.org/ooxml/officeDocument/math" => Ns.M,
        "http://schemas.openxmlformats.org/drawingml/2006/main" or "http://purl.oclc.org/ooxml/drawingml/main" => Ns.A,
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" or "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing" => Ns.WP,
        "http://schemas.openxmlformats.org/drawingml/2006/picture" or "http://purl.oclc.org/ooxml/drawingml/picture" => Ns.Pic,
        "urn:schemas-microsoft-com:vml" => Ns.V,
        "urn:schemas-microsoft-com:office:office" => Ns.Office,
        "http://schemas.openxmlformats.org/markup-compatibility/2006" => Ns.MC,
        "http://schemas.microsoft.com/office/word/2010/wordprocessingShape" => Ns.Wps,
        "http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" => Ns.Wpg,
        "http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" => Ns.Wpc,
        _ => Ns.Other,
    };

    /// <summary>Namespaces whose markup this reader understands: an <c>mc:Choice</c> requiring only
    /// these is read, anything else falls back (<c>mc:Fallback</c>).</summary>
    public static bool IsUnderstood(string uri) => Classify(uri) != Ns.Other
        || uri.StartsWith("http://schemas.microsoft.com/office/word/", StringComparison.Ordinal)
        || uri.StartsWith("http://schemas.microsoft.com/office/drawing/", StringComparison.Ordinal);

    /// <summary>DTDs are parsed so that internal entities work, but nothing external is ever
    /// resolved (no resolver) and entity expansion is bounded (billion laughs).</summary>
    public static XmlReaderSettings ReaderSettings(XmlNameTable? names = null) => new()
    {
        DtdProcessing = DtdProcessing.Parse,
        XmlResolver = null,
        MaxCharactersFromEntities = 1_000_000,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = true,
        NameTable = names,
    };

    /// <summary>Loads a small part (styles, numbering, relationships) as a tree.</summary>
    public static XDocument LoadSmall(Stream part)
    {
        using var reader = XmlReader.Create(part, ReaderSettings());
        return XDocument.Load(reader);
    }

    public static bool IsW(this XElement element, string local) =>
        element.Name.LocalName == local && Classify(element.Name.NamespaceName) == Ns.W;

    public static XElement? W(this XElement? parent, string local)
    {
        if (parent is null) return null;
        foreach (var child in parent.Elements()) if (child.IsW(local)) return child;
        return null;
    }

    public static IEnumerable<XElement> Ws(this XElement parent, string local)
    {
        foreach (var child in parent.Elements()) if (child.IsW(local)) yield return child;
    }

    /// <summary>A WordprocessingML attribute by local name, in whichever W namespace (or none).</summary>
    public static string? WAttr(this XElement? element, string local)
    {
        if (element is null) return null;
        foreach (var attribute in element.Attributes())
        {
            if (attribute.Name.LocalName != local) continue;
            var ns = attribute.Name.NamespaceName;
            if (ns.Length == 0 || Classify(ns) == Ns.W) return attribute.Value;
        }
        return null;
    }

    /// <summary>ST_OnOff: absent value means on; "0", "false", "off" mean off.</summary>
    public static bool OnOff(string? value) => value is null || !(value == "0" || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("off", StringComparison.OrdinalIgnoreCase) || value == "none");

    public static int? Int(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    /// <summary>A length in twentieths of a point: a plain number, or (Strict, ST_UniversalMeasure)
    /// a number with a unit (mm, cm, in, pt, pc, pi).</summary>
    public static double? Twips(string? value) => Measure(value, 1.0 / 20);

    /// <summary>A length in EMU (914,400 per inch), plain or with a unit.</summary>
    public static double? Emu(string? value) => Measure(value, 1.0 / 12700);

    /// <summary>A plain number is already in the attribute's unit (worth <paramref name="pointsPerUnit"/>
    /// points); a number with a unit suffix is converted to it.</summary>
    private static double? Measure(string? value, double pointsPerUnit)
    {
        if (string.IsNullOrEmpty(value)) return null;
        var span = value.AsSpan().Trim();
        var unitStart = span.Length;
        while (unitStart > 0 && char.IsAsciiLetter(span[unitStart - 1])) unitStart--;
        if (!double.TryParse(span[..unitStart], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return null;
        if (unitStart == span.Length) return number;
        var points = CssPoints(number, span[unitStart..]);
        return points is null ? null : points / pointsPerUnit;
    }

    /// <summary>A length with a CSS/Office unit, in points; null for an unknown unit.</summary>
    public static double? CssPoints(double number, ReadOnlySpan<char> unit) => unit switch
    {
        "pt" => number,
        "in" => number * 72,
        "cm" => number * 72 / 2.54,
        "mm" => number * 72 / 25.4,
        "pc" or "pi" => number * 12,
        "px" => number * 0.75,
        "emu" => number / 12700,
        "" => number,
        _ => null,
    };
}
