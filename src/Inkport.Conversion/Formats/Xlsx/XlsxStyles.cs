using System.Globalization;
using System.Xml;
using Inkport.Conversion.Bitable;
using Inkport.Conversion.Formats.Shared;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>The number format of each cell style (<c>cellXfs</c>, indexed by a cell's <c>s</c>):
/// the format code, custom (<c>numFmts</c>) or built-in (<see cref="BuiltInNumberFormats"/>),
/// null for General or an unknown id.</summary>
internal sealed class XlsxStyles
{
    private readonly string?[] _formats;
    private readonly bool[] _dates;

    private XlsxStyles(string?[] formats)
    {
        _formats = formats;
        _dates = [.. formats.Select(CellText.IsDateFormat)];
    }

    public static readonly XlsxStyles None = new([]);

    public string? FormatOf(int styleIndex) => (uint)styleIndex < (uint)_formats.Length ? _formats[styleIndex] : null;

    /// <summary>Whether the style shows its number as a date or time.</summary>
    public bool IsDate(int styleIndex) => (uint)styleIndex < (uint)_dates.Length && _dates[styleIndex];

    public static XlsxStyles Read(XlsxPackage package, string part)
    {
        var custom = new Dictionary<int, string>();
        var formats = new List<string?>();
        using var reader = package.OpenXml(part);
        try
        {
            var inCellXfs = false;
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.EndElement && reader.LocalName == "cellXfs") inCellXfs = false;
                if (reader.NodeType != XmlNodeType.Element) continue;
                switch (reader.LocalName)
                {
                    case "numFmt" when reader.Depth == 2 && Int(reader.GetAttribute("numFmtId")) is { } id && reader.GetAttribute("formatCode") is { } code:
                        custom[id] = code;
                        break;
                    case "cellXfs" when reader.Depth == 1:
                        inCellXfs = !reader.IsEmptyElement;
                        break;
                    case "xf" when inCellXfs:
                        formats.Add(Code(Int(reader.GetAttribute("numFmtId")) ?? 0, custom));
                        break;
                }
            }
        }
        catch (XmlException e)
        {
            throw ConversionException.Corrupt("malformed XML", part, e);
        }
        return new XlsxStyles([.. formats]);
    }

    private static string? Code(int id, Dictionary<int, string> custom)
    {
        var code = custom.TryGetValue(id, out var c) ? c : BuiltInNumberFormats.Get(id);
        return code is null || code.Equals("General", StringComparison.OrdinalIgnoreCase) ? null : code;
    }

    private static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
