using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Inkport.Console.Tests;

/// <summary>The real Inkport host on Kestrel (a loopback port the browser can reach), in-memory storage,
/// Feishu's rate limits on: the console must live within them.</summary>
public sealed class ConsoleHost : WebApplicationFactory<Program>
{
    public const string DevAppId = "cli_inkportdevapp";
    public const string DevAppSecret = "inkport-development-secret";
    public const string OtherAppId = "cli_consoletestapp";
    public const string OtherAppSecret = "console-test-secret";

    public ConsoleHost()
    {
        UseKestrel(); // the port comes from the "urls" setting: a fixed-port UseKestrel races the app's own start under load
        StartServer();
        BaseUrl = CreateClient().BaseAddress!.ToString().TrimEnd('/');
    }

    public string BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Inkport:InMemory", "true");
        builder.UseSetting("Inkport:Import:Workers", "2");
        builder.UseSetting("Inkport:Import:PollSeconds", "0.2");
        builder.UseSetting("Inkport:Apps:0:AppId", OtherAppId);
        builder.UseSetting("Inkport:Apps:0:AppSecret", OtherAppSecret);
        builder.UseSetting("Inkport:Apps:0:Name", "Console test app");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }

    /// <summary>An HttpClient with the development app's tenant token (for setting up data without the browser).</summary>
    public async Task<HttpClient> AppClientAsync()
    {
        var http = CreateClient();
        var response = await http.PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = DevAppId, app_secret = DevAppSecret });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body["tenant_access_token"]!.GetValue<string>());
        return http;
    }

    /// <summary>Uploads and imports through the API, and waits for the result's url.</summary>
    public async Task<string> ImportAsync(HttpClient http, string fileName, Stream content, long size, string type, string extension)
    {
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(fileName), "file_name");
        form.Add(new StringContent("ccm_import_open"), "parent_type");
        form.Add(new StringContent(size.ToString()), "size");
        form.Add(new StringContent($"{{\"obj_type\":\"{type}\",\"file_extension\":\"{extension}\"}}"), "extra");
        var file = new StreamContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", fileName);
        var uploaded = JsonNode.Parse(await (await http.PostAsync("/open-apis/drive/v1/medias/upload_all", form)).Content.ReadAsStringAsync())!;
        var fileToken = uploaded["data"]?["file_token"]?.GetValue<string>() ?? throw new InvalidOperationException($"upload failed: {uploaded}");
        var created = JsonNode.Parse(await (await http.PostAsJsonAsync("/open-apis/drive/v1/import_tasks",
            new { file_extension = extension, file_token = fileToken, type, file_name = Path.GetFileNameWithoutExtension(fileName), point = new { mount_type = 1, mount_key = "" } }))
            .Content.ReadAsStringAsync())!;
        var ticket = created["data"]?["ticket"]?.GetValue<string>() ?? throw new InvalidOperationException($"import failed: {created}");
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < deadline)
        {
            var result = JsonNode.Parse(await http.GetStringAsync($"/open-apis/drive/v1/import_tasks/{ticket}"))!["data"]!["result"]!;
            var status = result["job_status"]!.GetValue<int>();
            if (status == 0 && result["url"]?.GetValue<string>() is { Length: > 0 } url) return url;
            if (status is not (1 or 2)) throw new InvalidOperationException($"import ended with job_status {status}: {result}");
            await Task.Delay(250);
        }
        throw new TimeoutException($"import {ticket} did not finish");
    }
}
