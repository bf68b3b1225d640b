using System.Text;
using Inkport.Client;
using Inkport.Contracts;
using Xunit.Abstractions;

namespace Inkport.Conformance.Tests;

/// <summary>End-to-end scenarios written only against Inkport.Client, so the same code runs against the Inkport
/// server of this collection and, when INKPORT_FEISHU_APP_ID and INKPORT_FEISHU_APP_SECRET are set, against real
/// Feishu (INKPORT_FEISHU_URL, default https://open.feishu.cn). Each scenario works in a folder of its own and
/// deletes it afterwards.</summary>
[Collection(InkportServerCollection.Name)]
public sealed class ClientScenarioTests(InkportServer server, ITestOutputHelper log)
{
    public const string Inkport = "inkport";
    public const string Feishu = "feishu";

    private static string? FeishuAppId => Environment.GetEnvironmentVariable("INKPORT_FEISHU_APP_ID") is { Length: > 0 } id ? id : null;
    private static string? FeishuAppSecret => Environment.GetEnvironmentVariable("INKPORT_FEISHU_APP_SECRET") is { Length: > 0 } s ? s : null;
    private static bool FeishuConfigured => FeishuAppId is not null && FeishuAppSecret is not null;

    public static TheoryData<string> Targets => FeishuConfigured ? new(Inkport, Feishu) : new(Inkport);

    [FeishuFact]
    public void Real_feishu_credentials_are_configured() => Assert.True(FeishuConfigured);

    private InkportClientOptions Options(string target, string? secret = null) => target == Feishu
        ? new InkportClientOptions
        {
            BaseUrl = new Uri(Environment.GetEnvironmentVariable("INKPORT_FEISHU_URL") is { Length: > 0 } url ? url : InkportClientOptions.FeishuBaseUrl.ToString()),
            AppId = FeishuAppId!, AppSecret = secret ?? FeishuAppSecret!,
        }
        : new InkportClientOptions
        {
            BaseUrl = new Uri(server.BaseUrl),
            AppId = Environment.GetEnvironmentVariable("INKPORT_APP_ID") is { Length: > 0 } id ? id : "cli_inkportdevapp",
            AppSecret = secret ?? (Environment.GetEnvironmentVariable("INKPORT_APP_SECRET") is { Length: > 0 } s ? s : "inkport-development-secret"),
        };

    /// <summary>Runs a scenario in a fresh folder, deleted afterwards.</summary>
    private async Task InFolderAsync(string target, Func<InkportClient, string, Task> scenario)
    {
        using var client = new InkportClient(Options(target));
        var folder = await client.Drive.Files.CreateFolderAsync($"inkport-conformance-{Guid.NewGuid():N}");
        log.WriteLine($"{target}: folder {folder.Url}");
        try
        {
            await scenario(client, folder.Token);
        }
        finally
        {
            await client.Drive.Files.DeleteAsync(folder.Token, "folder");
        }
    }

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));

    [Theory]
    [MemberData(nameof(Targets))]
    public Task Markdown_becomes_a_docx_in_the_folder(string target) => InFolderAsync(target, async (client, folder) =>
    {
        var result = await client.ImportAsync(Utf8("# Heading\n\nPara with **bold**.\n\n- one\n- two\n"), "scenario.md", ImportType.Docx, folder, "scenario");

        var blocks = new List<BlockWire>();
        await foreach (var block in client.Docx.ListBlocksAsync(result.Token)) blocks.Add(block);
        Assert.Equal(1, blocks[0].BlockType);
        Assert.Contains(blocks, b => b.BlockType == 3);
        Assert.Equal(2, blocks.Count(b => b.BlockType == 12));
        Assert.Contains("Para with bold.", await client.Docx.GetRawContentAsync(result.Token));
        var entries = new List<FileEntry>();
        await foreach (var entry in client.Drive.Files.ListAsync(folder)) entries.Add(entry);
        Assert.Contains(entries, e => e.Token == result.Token && e.Type == "docx" && e.Name == "scenario");
    });

    [Theory]
    [MemberData(nameof(Targets))]
    public Task Csv_becomes_a_sheet_whose_values_read_back(string target) => InFolderAsync(target, async (client, folder) =>
    {
        var result = await client.ImportAsync(Utf8("name,qty\napple,3\npear,5\n"), "fruit.csv", ImportType.Sheet, folder);

        var sheets = await client.Sheets.QuerySheetsAsync(result.Token);
        var values = await client.Sheets.GetValuesAsync(result.Token, $"{sheets[0].SheetId}!A1:B3");
        Assert.Equal("pear", values.Values[2][0]?.ToString());
        Assert.Equal("5", values.Values[2][1]?.ToString());
    });

    [Theory]
    [MemberData(nameof(Targets))]
    public Task Csv_becomes_a_bitable_whose_records_read_back(string target) => InFolderAsync(target, async (client, folder) =>
    {
        var result = await client.ImportAsync(Utf8("name,qty\napple,3\npear,5\n"), "fruit.csv", ImportType.Bitable, folder);

        var tables = new List<TableWire>();
        await foreach (var table in client.Bitable.ListTablesAsync(result.Token)) tables.Add(table);
        var fields = new List<FieldWire>();
        await foreach (var field in client.Bitable.ListFieldsAsync(result.Token, tables[0].TableId)) fields.Add(field);
        var records = new List<RecordWire>();
        await foreach (var record in client.Bitable.ListRecordsAsync(result.Token, tables[0].TableId)) records.Add(record);
        Assert.Equal(["name", "qty"], fields.Select(f => f.FieldName).Take(2));
        Assert.Equal(2, records.Count);
    });

    [Theory]
    [MemberData(nameof(Targets))]
    public Task A_task_whose_extension_differs_from_the_upload_is_refused_with_1069910(string target) => InFolderAsync(target, async (client, folder) =>
    {
        var token = await client.Drive.Medias.UploadForImportAsync(Utf8("# x"), "x.md", ImportType.Docx);

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.ImportTasks.CreateAsync(token, "markdown", ImportType.Docx, folderToken: folder));

        Assert.Equal(1069910, e.Code);
        Assert.False(e.IsTransient);
    });

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task A_wrong_app_secret_is_refused_on_the_token_request(string target)
    {
        using var client = new InkportClient(Options(target, secret: "certainly-not-the-secret"));

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.Files.GetRootFolderAsync());

        Assert.Contains("tenant_access_token", e.Request);
        Assert.NotEqual(0, e.Code);
    }
}

/// <summary>Skipped, with the reason, unless real Feishu credentials are in the environment.</summary>
public sealed class FeishuFactAttribute : FactAttribute
{
    public FeishuFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("INKPORT_FEISHU_APP_ID") is not { Length: > 0 } || Environment.GetEnvironmentVariable("INKPORT_FEISHU_APP_SECRET") is not { Length: > 0 })
            Skip = "real Feishu not configured: set INKPORT_FEISHU_APP_ID and INKPORT_FEISHU_APP_SECRET (and INKPORT_FEISHU_URL for Lark) to run the client scenarios against it";
    }
}
