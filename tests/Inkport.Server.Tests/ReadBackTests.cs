using System.Text.Json.Nodes;
using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>Each imported kind read back through its read APIs, with real content.</summary>
public sealed class ReadBackTests(InkportHost host) : IClassFixture<InkportHost>
{
    private const string Markdown = """
        # Release notes

        Some **bold**, *italic*, ~~gone~~ and `code` with a [link](https://example.com/a?b=c).

        - one
          - nested
        - two

        1. first
        2. second

        - [x] done
        - [ ] open

        ```python
        print("hi")
        ```

        > quoted

        ---

        | Name | Qty |
        |:-----|----:|
        | pen  | 2   |
        """;

    private static async Task<List<JsonNode>> AllBlocksAsync(FeishuClient client, string document, int pageSize)
    {
        var blocks = new List<JsonNode>();
        string? pageToken = null;
        do
        {
            var reply = await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks?page_size={pageSize}" + (pageToken is null ? "" : $"&page_token={pageToken}"));
            reply.AssertOk();
            blocks.AddRange(reply.Data["items"]!.AsArray().Select(b => b!));
            var hasMore = reply.Data["has_more"]!.GetValue<bool>();
            pageToken = hasMore ? reply.Data["page_token"]!.GetValue<string>() : null;
            Assert.Equal(hasMore, pageToken is not null);
        } while (pageToken is not null);
        return blocks;
    }

    [Theory]
    [InlineData("md")]
    [InlineData("mark")]
    [InlineData("markdown")]
    public async Task Markdown_reads_back_as_blocks_in_pre_order(string extension)
    {
        var client = await host.AppClientAsync();
        var result = await client.ImportAsync($"notes.{extension}", Markdown, "docx", extension);
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        var document = result["token"]!.GetValue<string>();

        var blocks = await AllBlocksAsync(client, document, pageSize: 3);
        Assert.Equal(blocks.Count, (await AllBlocksAsync(client, document, pageSize: 500)).Count);
        var page = blocks[0];
        Assert.Equal(1, page["block_type"]!.GetValue<int>());
        Assert.Equal(document, page["block_id"]!.GetValue<string>());
        Assert.Equal("notes", page["page"]!["elements"]![0]!["text_run"]!["content"]!.GetValue<string>());

        // Pre-order: every block comes after its parent, and children lists agree with parent ids.
        var position = blocks.Select((b, i) => (b["block_id"]!.GetValue<string>(), i)).ToDictionary();
        foreach (var block in blocks.Skip(1))
            Assert.True(position[block["parent_id"]!.GetValue<string>()] < position[block["block_id"]!.GetValue<string>()]);
        foreach (var block in blocks)
            foreach (var child in block["children"]?.AsArray() ?? [])
                Assert.Equal(block["block_id"]!.GetValue<string>(), blocks[position[child!.GetValue<string>()]]["parent_id"]!.GetValue<string>());

        var types = blocks.Select(b => b["block_type"]!.GetValue<int>()).ToList();
        Assert.Contains(3, types);  // heading1
        Assert.Contains(12, types); // bullet
        Assert.Contains(13, types); // ordered
        Assert.Contains(17, types); // todo
        Assert.Contains(14, types); // code
        Assert.Contains(34, types); // quote container
        Assert.Contains(22, types); // divider
        Assert.Contains(31, types); // table
        Assert.Contains(32, types); // table cell

        var heading = blocks.First(b => b["block_type"]!.GetValue<int>() == 3);
        Assert.Equal("Release notes", heading["heading1"]!["elements"]![0]!["text_run"]!["content"]!.GetValue<string>());

        var paragraph = blocks.First(b => b["block_type"]!.GetValue<int>() == 2 && b["text"]!["elements"]!.AsArray().Count > 3);
        var runs = paragraph["text"]!["elements"]!.AsArray().Select(e => e!["text_run"]!).ToList();
        Assert.True(runs.Single(r => r["content"]!.GetValue<string>() == "bold")["text_element_style"]!["bold"]!.GetValue<bool>());
        Assert.True(runs.Single(r => r["content"]!.GetValue<string>() == "gone")["text_element_style"]!["strikethrough"]!.GetValue<bool>());
        Assert.True(runs.Single(r => r["content"]!.GetValue<string>() == "code")["text_element_style"]!["inline_code"]!.GetValue<bool>());
        Assert.Equal(Uri.EscapeDataString("https://example.com/a?b=c"),
            runs.Single(r => r["content"]!.GetValue<string>() == "link")["text_element_style"]!["link"]!["url"]!.GetValue<string>());

        var nested = blocks.First(b => b["block_type"]!.GetValue<int>() == 12);
        Assert.Single(nested["children"]!.AsArray());
        var todos = blocks.Where(b => b["block_type"]!.GetValue<int>() == 17).Select(b => b["todo"]!["style"]!["done"]!.GetValue<bool>()).ToList();
        Assert.Equal([true, false], todos);
        var code = blocks.First(b => b["block_type"]!.GetValue<int>() == 14);
        Assert.Equal(49, code["code"]!["style"]!["language"]!.GetValue<int>());
        var table = blocks.First(b => b["block_type"]!.GetValue<int>() == 31)["table"]!;
        Assert.Equal(2, table["property"]!["row_size"]!.GetValue<int>());
        Assert.Equal(2, table["property"]!["column_size"]!.GetValue<int>());
        Assert.Equal(4, table["cells"]!.AsArray().Count);

        var raw = (await client.GetAsync($"/open-apis/docx/v1/documents/{document}/raw_content")).Data["content"]!.GetValue<string>();
        Assert.StartsWith("notes\nRelease notes\n", raw);
        Assert.Contains("print(\"hi\")", raw);

        var one = await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks/{heading["block_id"]!.GetValue<string>()}");
        Assert.Equal(3, one.Data["block"]!["block_type"]!.GetValue<int>());
        var children = await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks/{document}/children?page_size=2");
        Assert.Equal(2, children.Data["items"]!.AsArray().Count);
        Assert.True(children.Data["has_more"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Block_paging_refuses_forged_tokens_and_oversized_pages()
    {
        var client = await host.AppClientAsync();
        var document = (await client.ImportAsync("a.md", "one\n\ntwo", "docx", "md"))["token"]!.GetValue<string>();
        (await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks?page_token=forged!")).AssertError(FeishuErrors.DocxInvalidPageToken);
        (await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks?page_size=501")).AssertError(FeishuErrors.DocxInvalidParam);
        (await client.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks/AAAAAAAAAAAAAAAAAAAAAAAAAAA")).AssertError(FeishuErrors.DocxNotFound);
        (await client.GetAsync("/open-apis/docx/v1/documents/AAAAAAAAAAAAAAAAAAAAAAAAAAA")).AssertError(FeishuErrors.DocxNotFound);
    }

    [Fact]
    public async Task Text_becomes_one_block_per_paragraph_whatever_the_encoding()
    {
        var client = await host.AppClientAsync();
        var utf16 = System.Text.Encoding.Unicode.GetPreamble().Concat(System.Text.Encoding.Unicode.GetBytes("第一段\r\n第二行\r\n\r\nSecond paragraph")).ToArray();
        var document = (await client.ImportAsync("poem.txt", utf16, "docx", "txt"))["token"]!.GetValue<string>();
        var blocks = await AllBlocksAsync(client, document, 500);
        var texts = blocks.Where(b => b["block_type"]!.GetValue<int>() == 2)
            .Select(b => string.Concat(b["text"]!["elements"]!.AsArray().Select(e => e!["text_run"]!["content"]!.GetValue<string>()))).ToList();
        Assert.Equal(["第一段\n第二行", "Second paragraph"], texts);

        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        var gb = System.Text.Encoding.GetEncoding("GB18030").GetBytes("中文文本，用于测试编码检测。\n\n第二段落");
        var gbDoc = (await client.ImportAsync("gb.txt", gb, "docx", "txt"))["token"]!.GetValue<string>();
        var raw = (await client.GetAsync($"/open-apis/docx/v1/documents/{gbDoc}/raw_content")).Data["content"]!.GetValue<string>();
        Assert.Contains("中文文本，用于测试编码检测。", raw);
    }

    private const string Csv = "Name,Qty,Price,Joined,Active,Site\nPen,2,1.50,2024-01-31,TRUE,https://a.example\nInk,10,12.25,2024-02-29,FALSE,https://b.example\nPad,,3,2023-12-01,TRUE,https://c.example\n";

    [Fact]
    public async Task Csv_reads_back_as_a_sheet_with_typed_cells()
    {
        var client = await host.AppClientAsync();
        var result = await client.ImportAsync("stock.csv", Csv, "sheet", "csv");
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        var token = result["token"]!.GetValue<string>();
        Assert.EndsWith($"/sheets/{token}", result["url"]!.GetValue<string>());

        var spreadsheet = await client.GetAsync($"/open-apis/sheets/v3/spreadsheets/{token}");
        Assert.Equal("stock", spreadsheet.Data["spreadsheet"]!["title"]!.GetValue<string>());
        var sheets = (await client.GetAsync($"/open-apis/sheets/v3/spreadsheets/{token}/sheets/query")).Data["sheets"]!.AsArray();
        var sheet = Assert.Single(sheets)!;
        var sheetId = sheet["sheet_id"]!.GetValue<string>();
        Assert.Equal(4, sheet["grid_properties"]!["row_count"]!.GetValue<int>());
        Assert.Equal(6, sheet["grid_properties"]!["column_count"]!.GetValue<int>());
        Assert.Equal(0, sheet["index"]!.GetValue<int>());

        var values = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!A1:C3");
        Assert.Equal("Success", values.Body["msg"]!.GetValue<string>());
        var range = values.Data["valueRange"]!;
        Assert.Equal($"{sheetId}!A1:C3", range["range"]!.GetValue<string>());
        Assert.Equal("ROWS", range["majorDimension"]!.GetValue<string>());
        Assert.Equal("""[["Name","Qty","Price"],["Pen",2,1.5],["Ink",10,12.25]]""", range["values"]!.ToJsonString());

        var sparse = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!A4:C4");
        Assert.Equal("""[["Pad",null,3]]""", sparse.Data["valueRange"]!["values"]!.ToJsonString());

        var whole = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}");
        Assert.Equal(4, whole.Data["valueRange"]!["values"]!.AsArray().Count);

        var dates = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!D2:D2?dateTimeRenderOption=FormattedString");
        Assert.Equal("2024-01-31", dates.Data["valueRange"]!["values"]![0]![0]!.GetValue<string>());
        var serial = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!D2:D2");
        Assert.Equal(45322, serial.Data["valueRange"]!["values"]![0]![0]!.GetValue<double>());
        var asText = await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!E2:E2?valueRenderOption=ToString");
        Assert.Equal("TRUE", asText.Data["valueRange"]!["values"]![0]![0]!.GetValue<string>());

        (await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{sheetId}!A0:B2")).AssertError(FeishuErrors.SheetsV2WrongRange);
        (await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/nosuch!A1:B2")).AssertError(FeishuErrors.SheetsV2SheetIdNotFound);
        (await client.GetAsync($"/open-apis/sheets/v3/spreadsheets/AAAAAAAAAAAAAAAAAAAAAAAAAAA/sheets/query")).AssertError(FeishuErrors.SheetsNotFound);
    }

    /// <summary>The spreadsheet suite's workbook (Conversion tests) as Excel 97–2003 and as xlsx: its formula cells
    /// answer each valueRenderOption as Feishu does — the formula with its '=', or the cached value.</summary>
    [Theory]
    [InlineData("xls")]
    [InlineData("xlsx")]
    public async Task Formulas_read_back_with_every_value_render_option(string extension)
    {
        var client = await host.AppClientAsync();
        var bytes = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", $"suite.{extension}"));
        var result = await client.ImportAsync($"suite.{extension}", bytes, "sheet", extension);
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        var token = result["token"]!.GetValue<string>();
        var sheets = (await client.GetAsync($"/open-apis/sheets/v3/spreadsheets/{token}/sheets/query")).Data["sheets"]!.AsArray();
        var data = sheets.Single(s => s!["title"]!.GetValue<string>() == "Data")!["sheet_id"]!.GetValue<string>();

        async Task<string> Read(string option) =>
            (await client.GetAsync($"/open-apis/sheets/v2/spreadsheets/{token}/values/{data}!E3:F5?valueRenderOption={option}"))
                .Data["valueRange"]!["values"]!.ToJsonString();
        // E3:E4 hold plain values, F3:F4 products, F5 the sum of F2:F4.
        Assert.Equal("""[[false,"=B3*C3"],[true,"=B4*C4"],[null,"=SUM(F2:F4)"]]""", await Read("Formula"));
        Assert.Equal("""[[false,3],[true,-70.875],[null,-63.375]]""", await Read("UnformattedValue"));
    }

    [Fact]
    public async Task Csv_reads_back_as_a_bitable_with_inferred_fields()
    {
        var client = await host.AppClientAsync();
        var result = await client.ImportAsync("stock.csv", Csv, "bitable", "csv");
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        var app = result["token"]!.GetValue<string>();
        Assert.EndsWith($"/base/{app}", result["url"]!.GetValue<string>());

        Assert.Equal("stock", (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}")).Data["app"]!["name"]!.GetValue<string>());
        var tables = (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables")).Data;
        Assert.Equal(1, tables["total"]!.GetValue<int>());
        var tableId = tables["items"]![0]!["table_id"]!.GetValue<string>();
        Assert.StartsWith("tbl", tableId);

        var fields = (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/{tableId}/fields")).Data["items"]!.AsArray();
        var byName = fields.ToDictionary(f => f!["field_name"]!.GetValue<string>(), f => f!);
        Assert.Equal(["Name", "Qty", "Price", "Joined", "Active", "Site"], byName.Keys);
        Assert.True(byName["Name"]["is_primary"]!.GetValue<bool>());
        Assert.Equal(1, byName["Name"]["type"]!.GetValue<int>());
        Assert.Equal(2, byName["Qty"]["type"]!.GetValue<int>());
        Assert.Equal(2, byName["Price"]["type"]!.GetValue<int>());
        Assert.Equal(5, byName["Joined"]["type"]!.GetValue<int>());
        Assert.Equal(7, byName["Active"]["type"]!.GetValue<int>());
        Assert.Equal(15, byName["Site"]["type"]!.GetValue<int>());

        var page1 = (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/{tableId}/records?page_size=2")).Data;
        Assert.Equal(3, page1["total"]!.GetValue<int>());
        Assert.True(page1["has_more"]!.GetValue<bool>());
        var first = page1["items"]![0]!["fields"]!;
        Assert.Equal("""[{"type":"text","text":"Pen"}]""", first["Name"]!.ToJsonString());
        Assert.Equal(2, first["Qty"]!.GetValue<double>());
        Assert.Equal(1706659200000, first["Joined"]!.GetValue<long>());
        Assert.True(first["Active"]!.GetValue<bool>());
        Assert.Equal("https://a.example", first["Site"]!["link"]!.GetValue<string>());

        var page2 = (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/{tableId}/records?page_size=2&page_token={page1["page_token"]!.GetValue<string>()}")).Data;
        var last = Assert.Single(page2["items"]!.AsArray())!;
        Assert.False(page2["has_more"]!.GetValue<bool>());
        Assert.Null(last["fields"]!["Qty"]); // empty cells are omitted
        Assert.StartsWith("rec", last["record_id"]!.GetValue<string>());

        (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/{tableId}/records?page_size=0")).AssertError(FeishuErrors.BitablePageSize);
        (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/{tableId}/records?page_token=%%%")).AssertError(FeishuErrors.BitableInvalidPageToken);
        (await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables/tblnosuchtable00/fields")).AssertError(FeishuErrors.BitableTableNotFound);
        (await client.GetAsync($"/open-apis/bitable/v1/apps/AAAAAAAAAAAAAAAAAAAAAAAAAAA/tables")).AssertError(FeishuErrors.BitableBaseNotFound);
    }
}
