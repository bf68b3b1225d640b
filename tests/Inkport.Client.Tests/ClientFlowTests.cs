using System.Text;
using System.Text.Json;
using Inkport.Client.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Inkport.Client.Tests;

/// <summary>The whole flow through the client, against a server the test starts.</summary>
public sealed class ClientFlowTests : IDisposable
{
    private readonly ServerHost _host = new();

    public void Dispose() => _host.Dispose();

    private static MemoryStream Text(string text) => new(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Markdown_imports_into_a_docx_whose_blocks_and_text_read_back()
    {
        var (client, calls) = _host.Client();
        using var _ = client;
        var reported = new List<long>();
        var result = await client.ImportAsync(Text("# Title\n\nSome **bold** text.\n\n- one\n- two\n"), "notes.md", ImportType.Docx,
            progress: new SyncProgress(reported.Add));

        Assert.Equal(ImportType.Docx, result.Type);
        Assert.Equal(27, result.Token.Length);
        Assert.EndsWith(result.Token, result.Url);
        Assert.Equal(Encoding.UTF8.GetByteCount("# Title\n\nSome **bold** text.\n\n- one\n- two\n"), reported.Last());

        var blocks = new List<Contracts.BlockWire>();
        await foreach (var block in client.Docx.ListBlocksAsync(result.Token)) blocks.Add(block);
        Assert.Equal(1, blocks[0].BlockType);
        Assert.Contains(blocks, b => b.BlockType == 3);
        Assert.Equal(2, blocks.Count(b => b.BlockType == 12));
        Assert.Contains("Some bold text.", await client.Docx.GetRawContentAsync(result.Token));
        Assert.Equal("notes", (await client.Docx.GetDocumentAsync(result.Token)).Title);
        Assert.Equal(1, calls.Count("tenant_access_token"));
    }

    [Fact]
    public async Task Csv_imports_into_a_sheet_and_a_bitable_whose_records_page()
    {
        var (client, _) = _host.Client();
        using var __ = client;
        var csv = new StringBuilder("id,name\n");
        for (var i = 1; i <= 1201; i++) csv.Append(i).Append(",row ").Append(i).Append('\n');

        var sheet = await client.ImportAsync(Text(csv.ToString()), "rows.csv", ImportType.Sheet);
        var sheets = await client.Sheets.QuerySheetsAsync(sheet.Token);
        Assert.Equal(1202, sheets[0].GridProperties.RowCount);
        var values = await client.Sheets.GetValuesAsync(sheet.Token, $"{sheets[0].SheetId}!A1:B2");
        Assert.Equal("name", ((JsonElement)values.Values[0][1]!).GetString());

        var table = await client.ImportAsync(Text(csv.ToString()), "rows.csv", ImportType.Bitable);
        var tables = new List<Contracts.TableWire>();
        await foreach (var t in client.Bitable.ListTablesAsync(table.Token)) tables.Add(t);
        var records = new List<Contracts.RecordWire>();
        await foreach (var r in client.Bitable.ListRecordsAsync(table.Token, tables[0].TableId)) records.Add(r);
        Assert.Equal(1201, records.Count); // three pages of at most 500
        Assert.Equal(1201, records.Select(r => r.RecordId).Distinct().Count());
    }

    [Fact]
    public async Task Folder_listings_follow_next_page_token()
    {
        var (client, calls) = _host.Client();
        using var _ = client;
        var parent = await client.Drive.Files.CreateFolderAsync("many");
        for (var i = 0; i < 230; i++) await client.Drive.Files.CreateFolderAsync($"f{i:D3}", parent.Token);

        var names = new List<string>();
        await foreach (var entry in client.Drive.Files.ListAsync(parent.Token)) names.Add(entry.Name);

        Assert.Equal(230, names.Distinct().Count());
        Assert.Equal(2, calls.Count("/open-apis/drive/v1/files") - calls.Count("create_folder"));
    }

    [Fact]
    public async Task A_refused_call_throws_one_exception_with_code_status_and_log_id()
    {
        var (client, _) = _host.Client();
        using var __ = client;
        var token = await client.Drive.Medias.UploadForImportAsync(Text("# x"), "a.md", ImportType.Docx);

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.ImportTasks.CreateAsync(token, "markdown", ImportType.Docx));

        Assert.Equal(1069910, e.Code);
        Assert.Equal(400, e.HttpStatus);
        Assert.False(e.IsTransient);
        Assert.False(string.IsNullOrEmpty(e.LogId));
        Assert.Equal("POST /open-apis/drive/v1/import_tasks", e.Request);
    }

    [Fact]
    public async Task A_wrong_secret_fails_on_the_token_request_without_retries()
    {
        var (client, calls) = _host.Client(o => o.AppSecret = "wrong");
        using var _ = client;

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.Files.GetRootFolderAsync());

        Assert.Contains("tenant_access_token", e.Request);
        Assert.NotEqual(0, e.Code);
        Assert.Equal(1, calls.Count("tenant_access_token"));
    }

    [Fact]
    public async Task AddInkportClient_registers_one_shared_client_over_IHttpClientFactory()
    {
        var services = new ServiceCollection();
        services.AddInkportClient(o =>
        {
            o.BaseUrl = _host.BaseUrl;
            o.AppId = ServerHost.DevAppId;
            o.AppSecret = ServerHost.DevAppSecret;
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<InkportClient>();
        Assert.Same(client, provider.GetRequiredService<InkportClient>());
        Assert.Equal(27, (await client.Drive.Files.GetRootFolderAsync()).Token.Length);
    }

    [Fact]
    public async Task Delete_moves_a_document_to_the_recycle_bin()
    {
        var (client, _) = _host.Client();
        using var __ = client;
        var document = await client.ImportAsync(Text("x"), "gone.txt", ImportType.Docx);

        await client.Drive.Files.DeleteAsync(document.Token, "docx");

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Docx.GetDocumentAsync(document.Token));
        Assert.NotEqual(0, e.Code);
    }
}

/// <summary>Progress that reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
public sealed class SyncProgress(Action<long> report) : IProgress<long>
{
    public void Report(long value) => report(value);
}
