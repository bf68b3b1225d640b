using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Inkport.Conformance.Tests;

/// <summary>Plain HTTP calls to the servers of a cluster, as the development app: whichever server a call goes to,
/// the token, the upload and the task are the cluster's.</summary>
internal sealed class ClusterClient : IDisposable
{
    private readonly HttpClient[] _servers;

    private ClusterClient(HttpClient[] servers) => _servers = servers;

    public static async Task<ClusterClient> ConnectAsync(IEnumerable<InkportServer> servers)
    {
        var clients = servers.Select(s => new HttpClient { BaseAddress = new Uri(s.BaseUrl), Timeout = TimeSpan.FromSeconds(60) }).ToArray();
        var token = (await PostJsonAsync(clients[0], "/open-apis/auth/v3/tenant_access_token/internal",
            new { app_id = "cli_inkportdevapp", app_secret = "inkport-development-secret" }))["tenant_access_token"]!.GetValue<string>();
        foreach (var client in clients) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new ClusterClient(clients);
    }

    public HttpClient this[int server] => _servers[server];

    /// <summary>Uploads a Markdown file and creates its import task through one server; the ticket.</summary>
    public static async Task<string> ImportMarkdownAsync(HttpClient server, string name, string markdown)
    {
        var bytes = Encoding.UTF8.GetBytes(markdown);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(name), "file_name" }, { new StringContent("ccm_import_open"), "parent_type" },
            { new StringContent(bytes.Length.ToString()), "size" },
            { new StringContent("{\"obj_type\":\"docx\",\"file_extension\":\"md\"}"), "extra" },
            { new ByteArrayContent(bytes), "file", name },
        };
        var upload = await ReadAsync(await server.PostAsync("/open-apis/drive/v1/medias/upload_all", form));
        var fileToken = Data(upload, "upload_all")["file_token"]!.GetValue<string>();
        var created = await PostJsonAsync(server, "/open-apis/drive/v1/import_tasks", new
        {
            file_extension = "md", file_token = fileToken, type = "docx", point = new { mount_type = 1, mount_key = "" },
        });
        return Data(created, "import_tasks")["ticket"]!.GetValue<string>();
    }

    public static async Task<JsonNode> PostJsonAsync(HttpClient server, string path, object body) =>
        await ReadAsync(await server.PostAsJsonAsync(path, body));

    public static async Task<JsonNode> GetAsync(HttpClient server, string path) => await ReadAsync(await server.GetAsync(path));

    public static JsonNode Data(JsonNode answer, string what) =>
        answer["code"]?.GetValue<int>() == 0 ? answer["data"]! : throw new InvalidOperationException($"{what}: {answer.ToJsonString()}");

    private static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        using (response) return (await response.Content.ReadFromJsonAsync<JsonNode>())!;
    }

    public void Dispose()
    {
        foreach (var client in _servers) client.Dispose();
    }
}
