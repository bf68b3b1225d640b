using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inkport.Storage.Sqlite;

namespace Inkport.Conformance.Tests;

/// <summary>The task table is the queue: a server killed with SIGKILL in the middle of imports is
/// restarted on the same data folder, and every task ends, each document created once.</summary>
public sealed class RestartTests : IDisposable
{
    private const int Imports = 12;
    private readonly string _dataDir = Directory.CreateTempSubdirectory("inkport-restart-").FullName;

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);

    private InkportServer Server() => new()
    {
        Arguments = ["--data-dir", _dataDir, "--Inkport:Import:LeaseSeconds=2", "--Inkport:Import:Workers=1", "--Inkport:RateLimits=false"],
    };

    [Fact]
    public async Task Tasks_in_flight_when_the_process_dies_finish_after_restart_once()
    {
        var first = Server();
        await first.InitializeAsync();
        using var http = new HttpClient { BaseAddress = new Uri(first.BaseUrl) };
        var token = (await (await http.PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal",
            new { app_id = "cli_inkportdevapp", app_secret = "inkport-development-secret" })).Content.ReadFromJsonAsync<JsonNode>())!["tenant_access_token"]!.GetValue<string>();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var csv = BigCsv(rows: 40_000);
        var tickets = new List<string>();
        for (var i = 0; i < Imports; i++) tickets.Add(await CreateImportAsync(http, $"part{i}.csv", csv));

        // Kill in the middle of a conversion: a task is Processing under a lease, others wait behind it.
        int[] before = [];
        await WaitUntilAsync(async () => (before = await StatusesAsync(http, tickets)).Contains(2), TimeSpan.FromSeconds(60));
        first.Kill();
        Assert.Contains(1, before);

        var second = Server();
        await second.InitializeAsync();
        try
        {
            using var again = new HttpClient { BaseAddress = new Uri(second.BaseUrl) };
            again.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token); // tokens survive too
            await WaitUntilAsync(async () => (await StatusesAsync(again, tickets)).All(s => s is not (1 or 2)), TimeSpan.FromMinutes(3));

            var documents = new List<string>();
            foreach (var ticket in tickets)
            {
                var result = (await GetAsync(again, $"/open-apis/drive/v1/import_tasks/{ticket}"))["data"]!["result"]!;
                Assert.Equal(0, result["job_status"]!.GetValue<int>());
                var app = result["token"]!.GetValue<string>();
                documents.Add(app);
                var table = (await GetAsync(again, $"/open-apis/bitable/v1/apps/{app}/tables"))["data"]!["items"]![0]!["table_id"]!.GetValue<string>();
                var records = await GetAsync(again, $"/open-apis/bitable/v1/apps/{app}/tables/{table}/records?page_size=1");
                Assert.Equal(40_000, records["data"]!["total"]!.GetValue<int>());
            }
            Assert.Equal(Imports, documents.Distinct().Count());
            var root = (await GetAsync(again, "/open-apis/drive/explorer/v2/root_folder/meta"))["data"]!["token"]!.GetValue<string>();
            second.Kill();

            await using var storage = SqliteStorage.Open(_dataDir);
            Assert.Equal(Imports, await storage.Drive.CountChildrenAsync(root, CancellationToken.None));
        }
        finally
        {
            await second.DisposeAsync();
            await first.DisposeAsync();
        }
    }

    private static string BigCsv(int rows)
    {
        var csv = new StringBuilder("id,name,amount,joined,active\n");
        for (var i = 0; i < rows; i++)
            csv.Append(i).Append(",name ").Append(i % 97).Append(',').Append(i * 1.25).Append(",2024-01-").Append(1 + i % 28).Append(i % 2 == 0 ? ",true\n" : ",false\n");
        return csv.ToString();
    }

    private static async Task<string> CreateImportAsync(HttpClient http, string name, string csv)
    {
        var bytes = Encoding.UTF8.GetBytes(csv);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "file_name" }, { new StringContent("ccm_import_open"), "parent_type" },
            { new StringContent(bytes.Length.ToString()), "size" },
            { new StringContent("{\"obj_type\":\"bitable\",\"file_extension\":\"csv\"}"), "extra" },
            { new ByteArrayContent(bytes), "file", name },
        };
        var upload = await (await http.PostAsync("/open-apis/drive/v1/medias/upload_all", form)).Content.ReadFromJsonAsync<JsonNode>();
        var fileToken = upload!["data"]!["file_token"]!.GetValue<string>();
        var created = await (await http.PostAsJsonAsync("/open-apis/drive/v1/import_tasks", new
        {
            file_extension = "csv", file_token = fileToken, type = "bitable", point = new { mount_type = 1, mount_key = "" },
        })).Content.ReadFromJsonAsync<JsonNode>();
        return created!["data"]!["ticket"]!.GetValue<string>();
    }

    private static async Task<JsonNode> GetAsync(HttpClient http, string path)
    {
        var body = await (await http.GetAsync(path)).Content.ReadFromJsonAsync<JsonNode>();
        Assert.True(body!["code"]!.GetValue<int>() == 0, $"{path}: {body.ToJsonString()}");
        return body;
    }

    private static async Task<int[]> StatusesAsync(HttpClient http, IEnumerable<string> tickets)
    {
        var statuses = new List<int>();
        foreach (var ticket in tickets)
            statuses.Add((await GetAsync(http, $"/open-apis/drive/v1/import_tasks/{ticket}"))["data"]!["result"]!["job_status"]!.GetValue<int>());
        return [.. statuses];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {limit}");
            await Task.Delay(50);
        }
    }
}
