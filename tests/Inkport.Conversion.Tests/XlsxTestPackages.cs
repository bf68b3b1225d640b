using System.IO.Compression;
using System.Text;
using Inkport.Conversion.Formats.Xlsx;

namespace Inkport.Conversion.Tests;

/// <summary>Builds small xlsx packages in memory from part texts, so that a test states the exact
/// XML it is about. <see cref="Workbook"/> wires the usual relationships; anything unusual is
/// built part by part with <see cref="Zip"/>.</summary>
public static class XlsxTestPackages
{
    public const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    public const string RelNs = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    public const string PackageRels = "http://schemas.openxmlformats.org/package/2006/relationships";

    public static MemoryStream Zip(params (string Name, string Text)[] parts) =>
        Zip(Encoding.UTF8, parts);

    /// <summary>A zip of the parts, each written in <paramref name="encoding"/> with its preamble (if any).</summary>
    public static MemoryStream Zip(Encoding encoding, params (string Name, string Text)[] parts)
    {
        var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in parts)
            {
                using var entry = zip.CreateEntry(name).Open();
                entry.Write(encoding.GetPreamble());
                entry.Write(encoding.GetBytes(text));
            }
        stream.Position = 0;
        return stream;
    }

    /// <summary>A workbook with the given worksheets (name, sheetData and other children of
    /// <c>worksheet</c>), optional shared strings and styles, and extra workbook XML.</summary>
    public static MemoryStream Workbook(IReadOnlyList<(string Name, string Body)> sheets, string[]? sharedStrings = null,
        string? styles = null, string workbookPr = "", string sheetAttributes = "")
    {
        var parts = new List<(string, string)>
        {
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
        };
        var sheetList = new StringBuilder();
        var rels = new StringBuilder();
        for (var i = 0; i < sheets.Count; i++)
        {
            sheetList.Append($"""<sheet name="{sheets[i].Name}" sheetId="{i + 1}" {(i == 1 ? sheetAttributes : "")} r:id="rId{i + 1}"/>""");
            rels.Append($"""<Relationship Id="rId{i + 1}" Type="{RelNs}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>""");
            parts.Add(($"xl/worksheets/sheet{i + 1}.xml", $"""<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{Main}" xmlns:r="{RelNs}">{sheets[i].Body}</worksheet>"""));
        }
        if (sharedStrings is not null)
        {
            rels.Append($"""<Relationship Id="rIdS" Type="{RelNs}/sharedStrings" Target="sharedStrings.xml"/>""");
            parts.Add(("xl/sharedStrings.xml", $"""<sst xmlns="{Main}">{string.Concat(sharedStrings.Select(s => s.StartsWith("<") ? $"<si>{s}</si>" : $"<si><t>{s}</t></si>"))}</sst>"""));
        }
        if (styles is not null)
        {
            rels.Append($"""<Relationship Id="rIdT" Type="{RelNs}/styles" Target="styles.xml"/>""");
            parts.Add(("xl/styles.xml", $"""<styleSheet xmlns="{Main}">{styles}</styleSheet>"""));
        }
        parts.Add(("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{RelNs}">{workbookPr}<sheets>{sheetList}</sheets></workbook>"""));
        parts.Add(("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}">{rels}</Relationships>"""));
        return Zip([.. parts]);
    }

    public static MemoryStream Sheet(string body, string[]? sharedStrings = null, string? styles = null, string workbookPr = "") =>
        Workbook([("Sheet1", body)], sharedStrings, styles, workbookPr);

    public static RecordingSink Convert(Stream xlsx, out IReadOnlyList<string> warnings, ConversionLimits? limits = null)
    {
        var sink = new RecordingSink();
        warnings = new XlsxConverter().Convert(xlsx, new ConversionOptions { FileName = "test.xlsx", Limits = limits ?? ConversionLimits.Feishu }, sink);
        return sink;
    }

    public static RecordingSink Convert(Stream xlsx) => Convert(xlsx, out _);

    /// <summary>Writes an xlsx of about <paramref name="targetBytes"/> compressed bytes to
    /// <paramref name="path"/>, streamed: sheets of 800,000 rows (within the 5,000,000-cell limit) of
    /// numbers, shared and inline strings, dates and formulas, pseudo-random so they do not compress
    /// away. Returns the cells written.</summary>
    public static long WriteLarge(string path, long targetBytes)
    {
        const int rowsPerSheet = 800_000;
        const int sharedCount = 1000;
        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        void Part(string name, string text)
        {
            using var s = zip.CreateEntry(name).Open();
            s.Write(Encoding.UTF8.GetBytes(text));
        }
        Part("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/styles.xml", $"""<styleSheet xmlns="{Main}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>""");
        Part("xl/sharedStrings.xml", $"""<sst xmlns="{Main}">{string.Concat(Enumerable.Range(0, sharedCount).Select(i => $"<si><t>category {i}</t></si>"))}</sst>""");

        var random = new Random(20261121);
        long cells = 0;
        var sheets = 0;
        while (file.Length < targetBytes)
        {
            sheets++;
            using var sheet = new StreamWriter(zip.CreateEntry($"xl/worksheets/sheet{sheets}.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
            sheet.Write($"""<worksheet xmlns="{Main}"><sheetData>""");
            for (var row = 1; row <= rowsPerSheet && file.Length < targetBytes; row++)
            {
                sheet.Write($"""<row r="{row}"><c r="A{row}"><v>{row}</v></c><c r="B{row}"><v>{random.NextDouble() * 1e6:R}</v></c><c r="C{row}" t="s"><v>{random.Next(sharedCount)}</v></c><c r="D{row}" t="inlineStr"><is><t>note {random.NextInt64():x16}{random.NextInt64():x16}</t></is></c><c r="E{row}" s="1"><v>{36000 + random.Next(10000)}</v></c><c r="F{row}"><f>A{row}*2</f><v>{row * 2}</v></c></row>""");
                cells += 6;
                if (row % 10_000 == 0) sheet.Flush();
            }
            sheet.Write("</sheetData></worksheet>");
        }
        var list = string.Concat(Enumerable.Range(1, sheets).Select(i => $"""<sheet name="Big {i}" sheetId="{i}" r:id="rId{i}"/>"""));
        var rels = string.Concat(Enumerable.Range(1, sheets).Select(i => $"""<Relationship Id="rId{i}" Type="{RelNs}/worksheet" Target="worksheets/sheet{i}.xml"/>"""));
        Part("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets>{list}</sheets></workbook>""");
        Part("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}">{rels}<Relationship Id="rIdS" Type="{RelNs}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="{RelNs}/styles" Target="styles.xml"/></Relationships>""");
        return cells;
    }
}
