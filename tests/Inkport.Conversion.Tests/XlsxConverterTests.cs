using System.IO.Compression;
using System.Text;
using Inkport.Conversion.Formats.Xlsx;
using Inkport.Conversion.Model;
using static Inkport.Conversion.Tests.XlsxTestPackages;

namespace Inkport.Conversion.Tests;

/// <summary>One test per construct of the xlsx reader, each on a package built from the XML it is about.</summary>
public sealed class XlsxConverterTests
{
    private static RecordingSink.Sheet One(string body, string[]? strings = null, string? styles = null, string workbookPr = "") =>
        Convert(Sheet(body, strings, styles, workbookPr)).Sheets.Single();

    private static string Row(int r, string cells) => $"""<row r="{r}">{cells}</row>""";

    [Fact]
    public void Cell_types_are_read()
    {
        var sheet = One("<sheetData>" + Row(1,
            """<c r="A1" t="s"><v>1</v></c><c r="B1"><v>2.5E3</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#DIV/0!</v></c>"""
            + """<c r="E1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c><c r="F1" t="inlineStr"><is><t>in&lt;line</t></is></c><c r="G1" t="n"><v>-0.5</v></c>""")
            + "</sheetData>", ["zero", "one"]);
        var cells = sheet.Rows.Single().Cells;
        Assert.Equal(Cell.String(0, "one"), cells[0]);
        Assert.Equal(Cell.Num(1, 2500), cells[1]);
        Assert.Equal(Cell.Bool(2, true), cells[2]);
        Assert.Equal(Cell.Error(3, "#DIV/0!"), cells[3]);
        Assert.Equal(Cell.String(4, "ab") with { Formula = "\"a\"&\"b\"" }, cells[4]);
        Assert.Equal(Cell.String(5, "in<line"), cells[5]);
        Assert.Equal(Cell.Num(6, -0.5), cells[6]);
    }

    [Fact]
    public void Rich_text_runs_are_joined_and_phonetic_runs_ignored()
    {
        var sheet = One("<sheetData>" + Row(1, """<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>""") + "</sheetData>",
            ["<r><rPr><b/></rPr><t>Bold</t></r><r><t xml:space=\"preserve\"> and plain</t></r>", "<t>東京</t><rPh sb=\"0\" eb=\"2\"><t>トウキョウ</t></rPh>"]);
        Assert.Equal("Bold and plain", sheet.At(0, 0)!.Value.Text);
        Assert.Equal("東京", sheet.At(0, 1)!.Value.Text);
    }

    [Fact]
    public void Escaped_characters_are_decoded()
    {
        var sheet = One("<sheetData>" + Row(1, """<c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>&#x1F600;&#65;</t></is></c>""") + "</sheetData>",
            ["line_x000D_\nnext _x005F_x0041_"]);
        Assert.Equal("line\r\nnext _x0041_", sheet.At(0, 0)!.Value.Text);
        Assert.Equal("😀A", sheet.At(0, 1)!.Value.Text);
    }

    [Fact]
    public void Dates_use_the_style_number_format_and_1904_serials_move_to_1900()
    {
        const string styles = """<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>""";
        const string body = """<sheetData><row r="1"><c r="A1" s="1"><v>45306</v></c><c r="B1" s="2"><v>1</v></c><c r="C1"><v>1</v></c><c r="D1" t="d"><v>2024-01-15T12:00:00</v></c></row></sheetData>""";
        var sheet = One(body, styles: styles);
        Assert.Equal(Cell.Num(0, 45306, "m/d/yyyy"), sheet.At(0, 0));
        Assert.Equal(Cell.Num(1, 1, "yyyy\\-mm\\-dd"), sheet.At(0, 1));
        Assert.Equal(Cell.Num(3, 45306.5, "yyyy-mm-dd hh:mm:ss"), sheet.At(0, 3));

        var in1904 = One(body, styles: styles, workbookPr: """<workbookPr date1904="1"/>""");
        Assert.Equal(45306 + 1462, in1904.At(0, 0)!.Value.Number);
        Assert.Equal(1463, in1904.At(0, 1)!.Value.Number);
        Assert.Equal(1, in1904.At(0, 2)!.Value.Number);
    }

    [Fact]
    public void Shared_formulas_are_moved_into_each_cell()
    {
        var sheet = One("<sheetData>"
            + Row(2, """<c r="C2"><f t="shared" ref="C2:D4" si="0">A2*$B$1+SUM(A$1:A2)+Sheet2!B2+'My Sheet'!A1+"A1"+LOG10(A2)</f><v>1</v></c>""")
            + Row(3, """<c r="C3"><f t="shared" si="0"/><v>2</v></c><c r="D3"><f t="shared" si="0"/><v>3</v></c>""")
            + "</sheetData>");
        Assert.Equal("A2*$B$1+SUM(A$1:A2)+Sheet2!B2+'My Sheet'!A1+\"A1\"+LOG10(A2)", sheet.At(1, 2)!.Value.Formula);
        Assert.Equal("A3*$B$1+SUM(A$1:A3)+Sheet2!B3+'My Sheet'!A2+\"A1\"+LOG10(A3)", sheet.At(2, 2)!.Value.Formula);
        Assert.Equal("B3*$B$1+SUM(B$1:B3)+Sheet2!C3+'My Sheet'!B2+\"A1\"+LOG10(B3)", sheet.At(2, 3)!.Value.Formula);
    }

    [Theory]
    [InlineData("A1+B2", 1, 1, "B2+C3")]
    [InlineData("SUM(A:A)+SUM(2:3)", 1, 1, "SUM(B:B)+SUM(3:4)")]
    [InlineData("$A$1+A$1+$A1", 2, 2, "$A$1+C$1+$A3")]
    [InlineData("A1", -1, 0, "#REF!")]
    [InlineData("Table1[Qty]*TAX+_xlfn.XLOOKUP(A1,B:B,C:C)", 1, 0, "Table1[Qty]*TAX+_xlfn.XLOOKUP(A2,B:B,C:C)")]
    [InlineData("IF(A1>1E5,TRUE,\"B1\")", 0, 1, "IF(B1>1E5,TRUE,\"B1\")")]
    public void Formula_references_shift(string formula, int rows, int columns, string expected) =>
        Assert.Equal(expected, FormulaShifter.Shift(formula, rows, columns));

    [Fact]
    public void Array_formulas_stay_on_their_master_cell_and_new_function_prefixes_go()
    {
        var sheet = One("<sheetData>" + Row(1,
            """<c r="A1"><f t="array" ref="A1:A2">_xlfn.SEQUENCE(2)</f><v>1</v></c>""") + Row(2, """<c r="A2"><v>2</v></c>""") + "</sheetData>");
        Assert.Equal("SEQUENCE(2)", sheet.At(0, 0)!.Value.Formula);
        Assert.Null(sheet.At(1, 0)!.Value.Formula);
    }

    [Fact]
    public void Layout_reads_merges_frozen_panes_widths_and_heights()
    {
        var sheet = One("""
            <sheetViews><sheetView workbookViewId="0"><pane xSplit="1" ySplit="2" topLeftCell="B3" state="frozen"/></sheetView></sheetViews>
            <cols><col min="1" max="2" width="9.140625" customWidth="1"/><col min="3" max="16384" width="20"/></cols>
            <sheetData><row r="1" ht="30" customHeight="1"><c r="A1"><v>1</v></c></row><row r="2" ht="15"><c r="D2"><v>1</v></c></row></sheetData>
            <mergeCells count="2"><mergeCell ref="A1:B1"/><mergeCell ref="C5:E6"/></mergeCells>
            """);
        var layout = sheet.Layout!;
        Assert.Equal((6, 5), (layout.RowCount, layout.ColumnCount));
        Assert.Equal((2, 1), (layout.FrozenRowCount, layout.FrozenColumnCount));
        Assert.Equal([new CellRange(0, 0, 0, 1), new CellRange(4, 2, 5, 4)], layout.Merges);
        Assert.Equal(new Dictionary<int, int> { [0] = 64, [1] = 64, [2] = 140, [3] = 140, [4] = 140 }, layout.ColumnWidths);
        Assert.Equal(new Dictionary<int, int> { [0] = 40 }, layout.RowHeights);
    }

    [Fact]
    public void Hyperlinks_come_from_the_sheet_relationships_or_a_location()
    {
        var stream = Zip(
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="r" Type="{RelNs}/officeDocument" Target="/xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{RelNs}/worksheet" Target="sheet.xml"/></Relationships>"""),
            ("xl/_rels/sheet.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="h1" Type="{RelNs}/hyperlink" Target="https://example.com/a?b=1" TargetMode="External"/></Relationships>"""),
            ("xl/sheet.xml", $"""<worksheet xmlns="{Main}" xmlns:r="{RelNs}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>web</t></is></c><c r="B1" t="inlineStr"><is><t>inside</t></is></c><c r="C1"><v>3</v></c></row></sheetData><hyperlinks><hyperlink ref="A1" r:id="h1"/><hyperlink ref="B1:C1" location="'Other'!A1"/></hyperlinks></worksheet>"""));
        var row = Convert(stream).Sheets.Single().Rows.Single().Cells;
        Assert.Equal(["https://example.com/a?b=1", "#'Other'!A1", "#'Other'!A1"], row.Select(c => c.Link));
    }

    [Fact]
    public void Sheets_come_in_workbook_order_with_hidden_flags_and_chart_sheets_skipped()
    {
        var stream = Zip(
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="r" Type="{RelNs}/officeDocument" Target="book/wb.xml"/></Relationships>"""),
            ("book/wb.xml", $"""<workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets><sheet name="Zed" sheetId="9" r:id="b"/><sheet name="Chart" sheetId="2" r:id="c"/><sheet name="Alpha" sheetId="1" state="veryHidden" r:id="a"/><sheet name="Macro" sheetId="3" r:id=""/></sheets></workbook>"""),
            ("book/_rels/wb.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="a" Type="{RelNs}/worksheet" Target="s/a.xml"/><Relationship Id="b" Type="{RelNs}/worksheet" Target="s/b.xml"/><Relationship Id="c" Type="{RelNs}/chartsheet" Target="c.xml"/></Relationships>"""),
            ("book\\s\\a.xml", $"""<worksheet xmlns="{Main}"><sheetData/></worksheet>"""),
            ("book/s/b.xml", $"""<worksheet xmlns="{Main}"><sheetData/></worksheet>"""));
        var sheets = Convert(stream).Sheets;
        Assert.Equal([("Zed", false), ("Alpha", true)], sheets.Select(s => (s.Name, s.Hidden)));
    }

    [Theory]
    [InlineData("http://purl.oclc.org/ooxml/spreadsheetml/main", "", "http://purl.oclc.org/ooxml/officeDocument/relationships")]
    [InlineData(Main, "x:", RelNs)]
    public void Strict_namespaces_and_prefixed_elements_read_the_same(string ns, string p, string rels)
    {
        var xmlns = p.Length == 0 ? $"xmlns=\"{ns}\"" : $"xmlns:{p.TrimEnd(':')}=\"{ns}\"";
        var stream = Zip(
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="r" Type="{rels}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<{p}workbook {xmlns} xmlns:r="{rels}"><{p}sheets><{p}sheet name="S" sheetId="1" r:id="rId1"/></{p}sheets></{p}workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{rels}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{rels}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"""),
            ("xl/sharedStrings.xml", $"""<{p}sst {xmlns}><{p}si><{p}t>shared</{p}t></{p}si></{p}sst>"""),
            ("xl/worksheets/sheet1.xml", $"""<{p}worksheet {xmlns}><{p}sheetData><{p}row r="1"><{p}c r="A1" t="s"><{p}v>0</{p}v></{p}c><{p}c r="B1"><{p}v>7</{p}v></{p}c></{p}row></{p}sheetData><{p}mergeCells><{p}mergeCell ref="A2:B2"/></{p}mergeCells></{p}worksheet>"""));
        var sheet = Convert(stream).Sheets.Single();
        Assert.Equal([Cell.String(0, "shared"), Cell.Num(1, 7)], sheet.Rows.Single().Cells);
        Assert.Single(sheet.Layout!.Merges);
    }

    [Fact]
    public void Utf16_parts_with_a_byte_order_mark_read()
    {
        var stream = Zip(Encoding.Unicode,
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="r" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<?xml version="1.0" encoding="UTF-16"?><workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets><sheet name="Ünï" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{RelNs}/worksheet" Target="s.xml"/></Relationships>"""),
            ("xl/s.xml", $"""<?xml version="1.0" encoding="UTF-16"?><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>中文 ok</t></is></c></row></sheetData></worksheet>"""));
        var sheet = Convert(stream).Sheets.Single();
        Assert.Equal(("Ünï", "中文 ok"), (sheet.Name, sheet.At(0, 0)!.Value.Text));
    }

    [Fact]
    public void Cells_without_references_follow_each_other_and_lowercase_references_read()
    {
        var sheet = One("""<sheetData><row><c><v>1</v></c><c><v>2</v></c></row><row><c r="c2"><v>3</v></c><c><v>4</v></c></row></sheetData>""");
        Assert.Equal([(0, 0), (0, 1), (1, 2), (1, 3)], sheet.Rows.SelectMany(r => r.Cells.Select(c => (r.Row, c.Column))));
    }

    [Fact]
    public void Limits_drop_columns_cut_text_and_end_the_sheet_with_their_codes()
    {
        var limits = ConversionLimits.Feishu with { MaxSheetColumns = 2, MaxSheetCells = 4, MaxCellChars = 3 };
        var body = "<sheetData>" + Row(1, """<c r="A1" t="inlineStr"><is><t>abcdef</t></is></c><c r="C1"><v>1</v></c>""")
            + Row(2, """<c r="A2"><v>2</v></c><c r="B2"><v>3</v></c>""") + Row(3, """<c r="A3"><v>4</v></c>""") + "</sheetData>";
        var sheet = Convert(Sheet(body), out var warnings, limits).Sheets.Single();
        Assert.Equal([ExtraCodes.SheetTooManyColumns, ExtraCodes.SheetTooManyCells, ExtraCodes.SheetCellTextTooLong], warnings.Order());
        Assert.Equal("abc", sheet.At(0, 0)!.Value.Text);
        Assert.Equal([0, 1], sheet.Rows.Select(r => r.Row));
        Assert.Equal((2, 2), (sheet.Layout!.RowCount, sheet.Layout.ColumnCount));
    }

    [Fact]
    public void Sheets_past_the_limit_are_dropped()
    {
        var stream = Workbook([("A", "<sheetData/>"), ("B", "<sheetData/>"), ("C", "<sheetData/>")]);
        Assert.Equal(["A", "B"], Convert(stream, out _, ConversionLimits.Feishu with { MaxSheets = 2 }).Sheets.Select(s => s.Name));
    }

    [Theory]
    [InlineData("""<row r="1048577"><c><v>1</v></c></row>""")]
    [InlineData("""<row r="1"><c r="XFE1"><v>1</v></c></row>""")]
    [InlineData("""<row r="1"><c r="A1"><v>one</v></c></row>""")]
    [InlineData("""<row r="1"><c r="A1" t="s"><v>5</v></c></row>""")]
    [InlineData("""<row r="1"><c r="A1"><v>1</v></row>""")]
    [InlineData("""<row r="1"><c r="A1"><v>&bogus;</v></c></row>""")]
    public void Impossible_cells_and_malformed_xml_are_corrupt(string rows)
    {
        var e = Assert.Throws<ConversionException>(() => Convert(Sheet($"<sheetData>{rows}</sheetData>")));
        Assert.Equal(JobStatusCodes.Corrupt, e.JobStatus);
    }

    [Fact]
    public void A_dtd_is_refused_without_expanding_entities()
    {
        var stream = Zip(
            ("_rels/.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="r" Type="{RelNs}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""),
            ("xl/workbook.xml", $"""<workbook xmlns="{Main}" xmlns:r="{RelNs}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"""),
            ("xl/_rels/workbook.xml.rels", $"""<Relationships xmlns="{PackageRels}"><Relationship Id="rId1" Type="{RelNs}/worksheet" Target="s.xml"/></Relationships>"""),
            ("xl/s.xml", $"""<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="{Main}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>"""));
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(() => Convert(stream)).JobStatus);
    }

    [Fact]
    public void Not_a_zip_an_empty_zip_and_a_workbook_without_sheets_are_corrupt()
    {
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(() => Convert(new MemoryStream("plain text"u8.ToArray()))).JobStatus);
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(() => Convert(Zip())).JobStatus);
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(() => Convert(Workbook([]))).JobStatus);
    }

    [Fact]
    public void An_entry_that_inflates_past_its_declared_size_is_corrupt()
    {
        var stream = Sheet("<sheetData>" + Row(1, """<c r="A1"><v>1</v></c>""") + "</sheetData>");
        var bytes = stream.ToArray();
        // Lower the declared uncompressed size of the worksheet entry in its central directory record.
        var name = Encoding.ASCII.GetBytes("xl/worksheets/sheet1.xml");
        for (var i = bytes.Length - 46; i >= 0; i--)
        {
            if (bytes[i] != 0x50 || bytes[i + 1] != 0x4B || bytes[i + 2] != 0x01 || bytes[i + 3] != 0x02) continue;
            if (!bytes.AsSpan(i + 46, name.Length).SequenceEqual(name)) continue;
            BitConverter.GetBytes(10).CopyTo(bytes, i + 24);
            break;
        }
        Assert.Equal(JobStatusCodes.Corrupt, Assert.Throws<ConversionException>(() => Convert(new MemoryStream(bytes))).JobStatus);
    }

    [Fact]
    public void A_forward_only_source_converts()
    {
        var bytes = Sheet("<sheetData>" + Row(1, """<c r="A1"><v>1</v></c>""") + "</sheetData>").ToArray();
        var sink = new RecordingSink();
        new XlsxConverter().Convert(new ForwardOnly(new MemoryStream(bytes)), new ConversionOptions(), sink);
        Assert.Equal(1, sink.Sheets.Single().At(0, 0)!.Value.Number);
    }

    [Fact]
    public void A_big_part_is_read_ahead_on_a_worker_with_the_same_result()
    {
        var rows = string.Concat(Enumerable.Range(1, 60_000).Select(r => Row(r, $"""<c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>row {r}</t></is></c>""")));
        var sheet = One($"<sheetData>{rows}</sheetData>");
        Assert.Equal(60_000, sheet.Rows.Count);
        Assert.Equal("row 60000", sheet.At(59_999, 1)!.Value.Text);
    }

    private sealed class ForwardOnly(Stream inner) : Stream
    {
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
