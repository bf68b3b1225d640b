using System.Globalization;
using System.Xml;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>xlsx / xlsm (transitional and Strict OOXML) into sheets, streamed: the package is
/// followed through its relationships (<c>_rels/.rels</c> → workbook → sheets, shared strings,
/// styles), never by fixed paths; worksheets are read in workbook order with their names and
/// hidden state (veryHidden counts as hidden). Chart sheets, dialog sheets and macro sheets hold
/// no cell grid and are skipped; sheets past <see cref="ConversionLimits.MaxSheets"/> are dropped.
/// 1904-system workbooks have their date cells moved to 1900 serials.
/// <para>Failures: an OLE compound file holding an encrypted package is 100; any other compound
/// file, a non-zip, a package without a workbook or without a worksheet, malformed XML (a DTD
/// included) is 129; shared strings past their budget or a part inflating past its bound is 115.</para></summary>
public sealed class XlsxConverter : ISpreadsheetConverter
{
    private const int MaxSheetTitle = 100;

    public IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink)
    {
        if (!source.CanSeek) source = Buffered(source, options.Cancellation);
        var start = source.Position;
        Span<byte> head = stackalloc byte[8];
        var headLength = source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (CompoundFileProbe.IsCompoundFile(head[..headLength]))
        {
            if (CompoundFileProbe.HoldsEncryptedPackage(source)) throw ConversionException.Encrypted();
            throw ConversionException.Corrupt("an OLE compound file (a legacy .xls?), not an Office Open XML package");
        }
        source.Position = start;

        var warnings = new Warnings();
        using var package = XlsxPackage.Open(source);
        var workbookPart = package.Relationships("").FirstOrDefault(r => r.Is("officeDocument") && !r.External)?.Target;
        if (workbookPart is null || !package.Exists(workbookPart))
            throw ConversionException.Corrupt("the package has no workbook (no officeDocument relationship)");
        var relationships = package.Relationships(workbookPart);
        var workbook = ReadWorkbook(package, workbookPart);

        var stylesPart = Internal(relationships, "styles", package);
        var styles = stylesPart is null ? XlsxStyles.None : XlsxStyles.Read(package, stylesPart);
        var stringsPart = Internal(relationships, "sharedStrings", package);
        SharedStrings strings;
        using (var part = stringsPart is null ? null : package.OpenPart(stringsPart))
            strings = part is null ? SharedStrings.None : SharedStrings.Read(part, stringsPart!, options.Limits.MaxCellChars, options.Cancellation);
        var book = new WorkbookContext(strings, styles, workbook.Date1904, options, warnings);

        var emitted = 0;
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var sheet in workbook.Sheets)
        {
            // A sheet without a part (Excel 4 macro sheets and VBA modules saved by other tools
            // carry r:id="") has no grid to import.
            var relationship = relationships.FirstOrDefault(r => r.Id == sheet.RelationshipId);
            if (relationship is null || !relationship.Is("worksheet") || relationship.External) continue;
            if (emitted == options.Limits.MaxSheets) break;
            options.Cancellation.ThrowIfCancellationRequested();
            var part = relationship.Target;
            var name = UniqueTitle(sheet.Name, emitted, names);
            var links = ReadLinks(package, part);
            sink.BeginSheet(name, sheet.Hidden);
            using (var stream = package.OpenPart(part))
                WorksheetReader.Read(book, stream, part, name, links, sink);
            emitted++;
        }
        if (emitted == 0) throw ConversionException.Corrupt("the workbook has no worksheet", workbookPart);
        return warnings.Codes;
    }

    /// <summary>Sheets of a part up to this size are scanned for hyperlinks even when their
    /// relationships name no external link (in-workbook links need none); bigger ones only then.</summary>
    private const long HyperlinkScanBytes = 8L << 20;

    private static Dictionary<long, string>? ReadLinks(XlsxPackage package, string part)
    {
        var relationships = package.Relationships(part);
        if (!relationships.Any(r => r.Is("hyperlink")) && package.InflatedLength(part) > HyperlinkScanBytes) return null;
        using var stream = package.OpenPart(part);
        var links = WorksheetReader.ReadHyperlinks(stream, part, relationships);
        return links.Count == 0 ? null : links;
    }

    private static string? Internal(IReadOnlyList<Relationship> relationships, string kind, XlsxPackage package) =>
        relationships.FirstOrDefault(r => r.Is(kind) && !r.External && package.Exists(r.Target))?.Target;

    private sealed record SheetEntry(string Name, bool Hidden, string RelationshipId);

    private sealed record Workbook(bool Date1904, IReadOnlyList<SheetEntry> Sheets);

    private static Workbook ReadWorkbook(XlsxPackage package, string part)
    {
        var date1904 = false;
        var sheets = new List<SheetEntry>();
        using var reader = package.OpenXml(part);
        try
        {
            while (reader.Read())
            {
                if (reader.NodeType != XmlNodeType.Element) continue;
                if (reader.LocalName == "workbookPr" && reader.Depth == 1)
                {
                    date1904 = reader.GetAttribute("date1904") is "1" or "true";
                }
                else if (reader.LocalName == "sheet" && reader.Depth == 2)
                {
                    var id = RelationshipId(reader);
                    var state = reader.GetAttribute("state");
                    sheets.Add(new SheetEntry(reader.GetAttribute("name") ?? "", state is "hidden" or "veryHidden", id ?? ""));
                }
            }
        }
        catch (XmlException e)
        {
            throw ConversionException.Corrupt("malformed XML", part, e);
        }
        return new Workbook(date1904, sheets);
    }

    /// <summary>The <c>r:id</c> attribute, whatever the relationships namespace's prefix and version.</summary>
    private static string? RelationshipId(XmlReader reader)
    {
        for (var i = 0; i < reader.AttributeCount; i++)
        {
            reader.MoveToAttribute(i);
            if (reader.LocalName == "id" && reader.NamespaceURI.EndsWith("relationships", StringComparison.Ordinal))
            {
                var value = reader.Value;
                reader.MoveToElement();
                return value;
            }
        }
        reader.MoveToElement();
        return null;
    }

    /// <summary>A valid, unique sheet title (spec/06 §7): forbidden characters replaced, at most
    /// 100 characters, "Sheet N" when empty, " (2)" appended to a repeated name.</summary>
    internal static string UniqueTitle(string name, int index, HashSet<string> taken)
    {
        var chars = name.Trim().ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (chars[i] is '/' or '\\' or '?' or '*' or '[' or ']' or ':') chars[i] = '_';
        var title = new string(chars, 0, Math.Min(chars.Length, MaxSheetTitle));
        if (title.Length == 0) title = "Sheet" + (index + 1).ToString(CultureInfo.InvariantCulture);
        var unique = title;
        for (var n = 2; !taken.Add(unique); n++) unique = $"{title[..Math.Min(title.Length, MaxSheetTitle - 6)]} ({n})";
        return unique;
    }

    /// <summary>A zip needs random access; a forward-only source is buffered (bounded by the
    /// upload limit; the server hands converters seekable blob files).</summary>
    private static MemoryStream Buffered(Stream source, CancellationToken cancellation)
    {
        var copy = new MemoryStream();
        source.CopyToAsync(copy, cancellation).GetAwaiter().GetResult();
        copy.Position = 0;
        return copy;
    }
}
