using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inkport.Client;
using Inkport.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Inkport.Client.Tests.Infrastructure;

/// <summary>The real Inkport host on Kestrel (a loopback port), in memory, with a clock the test moves.</summary>
public sealed class ServerHost : WebApplicationFactory<Program>
{
    public const string DevAppId = "cli_inkportdevapp";
    public const string DevAppSecret = "inkport-development-secret";

    private readonly Dictionary<string, string?> _settings = new()
    {
        ["Inkport:InMemory"] = "true",
        ["Inkport:RateLimits"] = "false",
        ["Inkport:Import:Workers"] = "4",
        ["Inkport:Import:PollSeconds"] = "0.2",
        ["urls"] = "http://127.0.0.1:0",
    };

    public ManualClock Clock { get; } = new();

    public ServerHost(params (string Key, string Value)[] settings)
    {
        foreach (var (key, value) in settings) _settings[key] = value;
        UseKestrel(); // the port comes from the "urls" setting: a fixed-port UseKestrel races the app's own start under load
        StartServer();
        BaseUrl = CreateClient().BaseAddress!;
    }

    public Uri BaseUrl { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public InkportClientOptions Options(Action<InkportClientOptions>? adjust = null)
    {
        var options = new InkportClientOptions { BaseUrl = BaseUrl, AppId = DevAppId, AppSecret = DevAppSecret };
        adjust?.Invoke(options);
        return options;
    }

    /// <summary>A client whose every exchange the returned recorder sees.</summary>
    public (InkportClient Client, RecordingHandler Calls) Client(Action<InkportClientOptions>? adjust = null, Func<HttpRequestMessage, HttpResponseMessage?>? intercept = null)
    {
        var recorder = new RecordingHandler(intercept) { InnerHandler = new SocketsHttpHandler() };
        return (new InkportClient(new HttpClient(recorder), Options(adjust)), recorder);
    }

    /// <summary>Whether the server answers HTTP 501 to upload_prepare (multipart uploads not there yet).</summary>
    public async Task<bool> MultipartMissingAsync()
    {
        using var http = CreateClient();
        var token = (await (await http.PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal",
            new { app_id = DevAppId, app_secret = DevAppSecret })).Content.ReadFromJsonAsync<JsonObject>())!["tenant_access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/open-apis/drive/v1/medias/upload_prepare")
        {
            Content = JsonContent.Create(new { file_name = "probe.csv", parent_type = "ccm_import_open", parent_node = "", size = 1 }),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await http.SendAsync(request);
        return (int)response.StatusCode == 501;
    }
}

/// <summary>One exchange as the client saw it: the Feishu code is read from the body when it is JSON.</summary>
public sealed record Exchange(string Method, string Path, int Status, int? Code, HttpResponseMessage Response);

/// <summary>Records every exchange; an interceptor may answer a request itself instead of sending it.</summary>
public sealed class RecordingHandler(Func<HttpRequestMessage, HttpResponseMessage?>? intercept = null) : DelegatingHandler
{
    private readonly List<Exchange> _exchanges = [];

    public IReadOnlyList<Exchange> Exchanges
    {
        get { lock (_exchanges) return [.. _exchanges]; }
    }

    public Action<Exchange>? OnResponse { get; set; }

    public int Count(string pathPart, int? code = null) =>
        Exchanges.Count(e => e.Path.Contains(pathPart, StringComparison.Ordinal) && (code is null || e.Code == code));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = intercept?.Invoke(request) ?? await base.SendAsync(request, cancellationToken);
        int? code = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            try { code = JsonNode.Parse(text)?["code"]?.GetValue<int>(); }
            catch (System.Text.Json.JsonException) { }
        }
        var exchange = new Exchange(request.Method.Method, request.RequestUri!.AbsolutePath, (int)response.StatusCode, code, response);
        lock (_exchanges) _exchanges.Add(exchange);
        OnResponse?.Invoke(exchange);
        return response;
    }
}
