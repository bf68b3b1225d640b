using System.IO.Compression;
using System.Text;

namespace Inkport.Console.Tests;

/// <summary>The files the browser tests import, made here so each assertion can be traced to its source.</summary>
public static class TestFiles
{
    public static string Markdown() => $$"""
        # Quarterly report

        Intro with **bold**, *italic*, `inline code` and a [link](https://example.com/docs).

        ## Lists

        - Fruit
          - Apple
          - Banana
            1. Ripe
            2. Green
        - Vegetables

        1. First step
        2. Second step

        - [ ] Open task
        - [x] Done task

        > A quoted remark

        ## Code

        ```python
        def greet(name):
            # say hello
            return "Hello " + name + str(42)
        ```

        ## Table

        | Name | Score |
        |------|------:|
        | Ann  | 10    |
        | Bob  | 7     |

        ## Image

        ![Inkport test image](data:image/png;base64,{{Convert.ToBase64String(Png(96, 48))}})

        The end.
        """;

    /// <summary>A workbook with a frozen header row, a date format, a grouped number format, a percentage,
    /// a formula with its cached value, a merged range, and a second sheet.</summary>
    public static byte[] Xlsx()
    {
        static string S(string cell, string text) => $"<c r=\"{cell}\" t=\"inlineStr\"><is><t>{text}</t></is></c>";
        static string N(string cell, double value, int style = 0) => $"<c r=\"{cell}\"{(style > 0 ? $" s=\"{style}\"" : "")}><v>{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}</v></c>";
        static string F(string cell, string formula, double cached) => $"<c r=\"{cell}\" s=\"2\"><f>{formula}</f><v>{cached.ToString(System.Globalization.CultureInfo.InvariantCulture)}</v></c>";
        var rows = new StringBuilder();
        rows.Append($"<row r=\"1\">{S("A1", "Region")}{S("B1", "Date")}{S("C1", "Amount")}{S("D1", "Share")}{S("E1", "Double")}</row>");
        string[] regions = ["North", "South", "East", "West"];
        for (var i = 0; i < 40; i++)
        {
            var r = i + 2;
            var amount = 1234.5 + i * 100;
            rows.Append($"<row r=\"{r}\">{S($"A{r}", regions[i % 4])}{N($"B{r}", 45000 + i, 1)}{N($"C{r}", amount, 2)}{N($"D{r}", 0.25, 3)}{F($"E{r}", $"C{r}*2", amount * 2)}</row>");
        }
        rows.Append($"<row r=\"42\">{S("A42", "Merged note")}</row>");
        var sheet1 = $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
            <sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>
            <sheetData>{rows}</sheetData>
            <mergeCells count="1"><mergeCell ref="A42:C42"/></mergeCells>
            </worksheet>
            """;
        var sheet2 = $"""
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">{S("A1", "Second sheet")}</row></sheetData></worksheet>
            """;
        var parts = new Dictionary<string, string>
        {
            ["[Content_Types].xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                <Default Extension="xml" ContentType="application/xml"/>
                <Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
                <Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
                <Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
                </Types>
                """,
            ["_rels/.rels"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
                </Relationships>
                """,
            ["xl/workbook.xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
                <sheets><sheet name="Sales" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets>
                </workbook>
                """,
            ["xl/_rels/workbook.xml.rels"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
                <Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>
                <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
                </Relationships>
                """,
            ["xl/styles.xml"] = """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
                <numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts>
                <fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>
                <fills count="1"><fill><patternFill patternType="none"/></fill></fills>
                <borders count="1"><border/></borders>
                <cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
                <cellXfs count="4">
                <xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
                <xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                <xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                <xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
                </cellXfs>
                </styleSheet>
                """,
            ["xl/worksheets/sheet1.xml"] = sheet1,
            ["xl/worksheets/sheet2.xml"] = sheet2,
        };
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, xml) in parts)
            {
                using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(xml.Trim());
            }
        return buffer.ToArray();
    }

    public static string Csv() => """
        Name,Count,Status,Done,Due,Link,Tags
        Alpha,12,Open,true,2024-01-05,https://example.com/a,red;blue
        Beta,7.5,Closed,false,2024-02-10,https://example.com/b,blue
        Gamma,3,Open,true,2024-03-15,https://example.com/c,red
        Delta,10,Closed,false,2024-04-20,https://example.com/d,green;red
        Epsilon,1,Open,true,2024-05-25,https://example.com/e,blue
        """;

    /// <summary>A real RGB PNG (a gradient), so the viewer has pixels to show.</summary>
    public static byte[] Png(int width, int height)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0);
            for (var x = 0; x < width; x++)
            {
                raw.WriteByte((byte)(40 + 200 * x / width));
                raw.WriteByte((byte)(90 + 120 * y / height));
                raw.WriteByte(220);
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);
        var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, width);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(length, Crc32(typed));
        png.Write(length);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return ~crc;
    }
}
