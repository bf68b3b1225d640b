using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Inkport.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Inkport.Server.Tests.Infrastructure;

/// <summary>The real Inkport host on Kestrel (real HTTP on a loopback port), in-memory storage,
/// a hand-moved clock, and whatever settings a test adds.</summary>
public class InkportHost : WebApplicationFactory<Program>
{
    public const string DevAppId = "cli_inkportdevapp";
    public const string DevAppSecret = "inkport-development-secret";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Inkport:InMemory"] = "true",
        ["Inkport:RateLimits"] = "false",
        ["Inkport:Import:Workers"] = "2",
        ["Inkport:Import:PollSeconds"] = "0.2",
        ["urls"] = "http://127.0.0.1:0",
    };

    public ManualClock Clock { get; } = new();

    public InkportHost() : this([]) { }

    /// <summary>A host with extra settings (a test that owns its host disposes it).</summary>
    public static InkportHost With(params (string Key, string Value)[] settings) => new Configured(settings);

    private sealed class Configured((string Key, string Value)[] settings) : InkportHost(settings);

    protected InkportHost((string Key, string Value)[] settings)
    {
        foreach (var (key, value) in settings) _settings[key] = value;
        UseKestrel(); // the port comes from the "urls" setting: a fixed-port UseKestrel races the app's own start under load
        StartServer();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>A client on the real HTTP endpoint, without a token.</summary>
    public HttpClient Anonymous() => CreateClient();

    /// <summary>A client that shows redirects instead of following them (OAuth pages).</summary>
    public HttpClient NoRedirects() =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = CreateClient().BaseAddress };

    /// <summary>A client carrying a user token of a seeded user, from Inkport's development shortcut.</summary>
    public async Task<FeishuClient> UserClientAsync(string userId, string appId = DevAppId, string appSecret = DevAppSecret, string? scope = null)
    {
        var http = CreateClient();
        var response = await http.PostAsJsonAsync("/inkport/v1/user_access_token", new { app_id = appId, app_secret = appSecret, user_id = userId, scope });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var token = body["access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no user token: {body}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new FeishuClient(http, token);
    }

    /// <summary>A client carrying a tenant token of the given app.</summary>
    public async Task<FeishuClient> AppClientAsync(string appId = DevAppId, string appSecret = DevAppSecret)
    {
        var http = CreateClient();
        var response = await http.PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = appId, app_secret = appSecret });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var token = body["tenant_access_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"no token: {body}");
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new FeishuClient(http, token);
    }
}

/// <summary>A thin test client: every call returns the HTTP status and the parsed JSON body.</summary>
public sealed class FeishuClient(HttpClient http, string token)
{
    public HttpClient Http { get; } = http;
    public string Token { get; } = token;

    public async Task<Reply> GetAsync(string path) => await Reply.From(await Http.GetAsync(path));

    public async Task<Reply> PostJsonAsync(string path, object body) => await Reply.From(await Http.PostAsJsonAsync(path, body));

    public async Task<Reply> DeleteAsync(string path) => await Reply.From(await Http.DeleteAsync(path));

    public async Task<string> RootAsync() => (await GetAsync("/open-apis/drive/explorer/v2/root_folder/meta")).Data["token"]!.GetValue<string>();

    public async Task<string> CreateFolderAsync(string name, string parent = "")
    {
        var reply = await PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name, folder_token = parent });
        reply.AssertOk();
        return reply.Data["token"]!.GetValue<string>();
    }

    public async Task<Reply> ShareAsync(string token, string type, string memberType, string memberId, string perm) =>
        await PostJsonAsync($"/open-apis/drive/v1/permissions/{token}/members?type={type}", new { member_type = memberType, member_id = memberId, perm });

    /// <summary>Uploads for import through medias/upload_all, the way the SDKs do it.</summary>
    public async Task<Reply> UploadAsync(string fileName, byte[] bytes, string objType, string extension,
        string? size = null, string? checksum = null, bool fileNameOnPart = true, string? extra = null)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(fileName), "file_name");
        form.Add(new StringContent("ccm_import_open"), "parent_type");
        form.Add(new StringContent(size ?? bytes.Length.ToString()), "size");
        if (checksum is not null) form.Add(new StringContent(checksum), "checksum");
        form.Add(new StringContent(extra ?? $"{{\"obj_type\":\"{objType}\",\"file_extension\":\"{extension}\"}}"), "extra");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (fileNameOnPart && fileName.Length > 0) form.Add(file, "file", fileName);
        else
        {
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"" };
            form.Add(file);
        }
        return await Reply.From(await Http.PostAsync("/open-apis/drive/v1/medias/upload_all", form));
    }

    public async Task<string> UploadForImportAsync(string fileName, string content, string objType, string extension) =>
        await UploadForImportAsync(fileName, Encoding.UTF8.GetBytes(content), objType, extension);

    public async Task<string> UploadForImportAsync(string fileName, byte[] bytes, string objType, string extension)
    {
        var reply = await UploadAsync(fileName, bytes, objType, extension);
        reply.AssertOk();
        return reply.Data["file_token"]!.GetValue<string>();
    }

    public async Task<Reply> CreateImportAsync(string fileToken, string extension, string type, string? fileName = null, string mountKey = "") =>
        await PostJsonAsync("/open-apis/drive/v1/import_tasks", new
        {
            file_extension = extension, file_token = fileToken, type, file_name = fileName,
            point = new { mount_type = 1, mount_key = mountKey },
        });

    /// <summary>Polls a ticket until it leaves job_status 1/2, as a client would.</summary>
    public async Task<JsonNode> WaitForImportAsync(string ticket, TimeSpan? limit = null)
    {
        var deadline = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var reply = await GetAsync($"/open-apis/drive/v1/import_tasks/{ticket}");
            reply.AssertOk();
            var result = reply.Data["result"]!;
            var status = result["job_status"]!.GetValue<int>();
            if (status is not (1 or 2)) return result;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"import {ticket} still at job_status {status}");
            await Task.Delay(50);
        }
    }

    /// <summary>Upload, create, wait: the result of a successful import.</summary>
    public async Task<JsonNode> ImportAsync(string fileName, string content, string type, string extension, string mountKey = "") =>
        await ImportAsync(fileName, Encoding.UTF8.GetBytes(content), type, extension, mountKey);

    public async Task<JsonNode> ImportAsync(string fileName, byte[] bytes, string type, string extension, string mountKey = "")
    {
        var token = await UploadForImportAsync(fileName, bytes, type, extension);
        var created = await CreateImportAsync(token, extension, type, mountKey: mountKey);
        created.AssertOk();
        return await WaitForImportAsync(created.Data["ticket"]!.GetValue<string>());
    }
}

public sealed record Reply(int Status, JsonNode Body, HttpResponseMessage Response)
{
    public int Code => Body["code"]!.GetValue<int>();
    public JsonNode Data => Body["data"] ?? throw new InvalidOperationException($"no data in {Body}");

    public static async Task<Reply> From(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        JsonNode body;
        try { body = JsonNode.Parse(text) ?? new JsonObject(); }
        catch (System.Text.Json.JsonException) { throw new InvalidOperationException($"HTTP {(int)response.StatusCode} with a non-JSON body: {text}"); }
        return new Reply((int)response.StatusCode, body, response);
    }

    public void AssertOk()
    {
        if (Code != 0) throw new Xunit.Sdk.XunitException($"expected code 0, got HTTP {Status}: {Body.ToJsonString()}");
    }

    /// <summary>Asserts a catalogue entry: its code, its HTTP status, and the error log id.</summary>
    public void AssertError(Inkport.Core.Errors.FeishuError error)
    {
        Assert.True(Code == error.Code && Status == error.HttpStatus,
            $"expected {error.Code} (HTTP {error.HttpStatus}), got {Code} (HTTP {Status}): {Body.ToJsonString()}");
        Assert.Equal(Response.Headers.GetValues("X-Tt-Logid").Single(), Body["error"]?["log_id"]?.GetValue<string>());
    }
}
