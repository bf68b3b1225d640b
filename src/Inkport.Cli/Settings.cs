using System.Text.Json;
using System.Text.Json.Serialization;
using Inkport.Client;

namespace Inkport.Cli;

/// <summary>A failure that ends the command with a given exit code and a message for the user.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>The server and the app to use, and where each came from.</summary>
public sealed record Connection(Uri Server, string AppId, string AppSecret)
{
    public InkportClientOptions ToOptions() => new() { BaseUrl = Server, AppId = AppId, AppSecret = AppSecret };
}

/// <summary>Resolves the connection: command-line flags, then INKPORT_* environment variables, then the config file;
/// against an Inkport server without any credentials, its well-known development app.</summary>
public static class Settings
{
    public const string DevelopmentAppId = "cli_inkportdevapp";
    public const string DevelopmentAppSecret = "inkport-development-secret";

    private sealed record ConfigFile(
        [property: JsonPropertyName("server")] string? Server,
        [property: JsonPropertyName("app_id")] string? AppId,
        [property: JsonPropertyName("app_secret")] string? AppSecret);

    public static Connection Resolve(string? server, string? appId, string? appSecret, string? configPath, CliEnvironment env)
    {
        var config = ReadConfig(configPath ?? env.Variable("INKPORT_CONFIG"), explicitPath: configPath is not null || env.Variable("INKPORT_CONFIG") is { Length: > 0 }, env);
        var url = ParseServer(First(server, env.Variable("INKPORT_SERVER"), config?.Server) ?? InkportClientOptions.InkportBaseUrl.ToString());
        var id = First(appId, env.Variable("INKPORT_APP_ID"), config?.AppId);
        var secret = First(appSecret, env.Variable("INKPORT_APP_SECRET"), config?.AppSecret);
        if (id is null && secret is null && !IsFeishu(url)) return new Connection(url, DevelopmentAppId, DevelopmentAppSecret);
        if (id is null || secret is null)
            throw new CliException(ExitCodes.AuthFailed,
                $"missing {(id is null ? "the app id" : "the app secret")} for {url}: pass --app-id and --app-secret, set INKPORT_APP_ID and INKPORT_APP_SECRET, or write them to {Path.Combine(env.ConfigDirectory, "config.json")}");
        return new Connection(url, id, secret);
    }

    /// <summary>A URL, or one of the names inkport, feishu and lark.</summary>
    public static Uri ParseServer(string text) => text.Trim().ToLowerInvariant() switch
    {
        "inkport" => InkportClientOptions.InkportBaseUrl,
        "feishu" => InkportClientOptions.FeishuBaseUrl,
        "lark" => InkportClientOptions.LarkBaseUrl,
        _ when Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" => uri,
        _ => throw new CliException(ExitCodes.Usage, $"--server {text}: expected an http(s) URL, or inkport, feishu or lark"),
    };

    private static bool IsFeishu(Uri url) =>
        url.Host.EndsWith("feishu.cn", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith("larksuite.com", StringComparison.OrdinalIgnoreCase);

    private static string? First(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    private static ConfigFile? ReadConfig(string? path, bool explicitPath, CliEnvironment env)
    {
        path = string.IsNullOrEmpty(path) ? Path.Combine(env.ConfigDirectory, "config.json") : path;
        if (!File.Exists(path))
            return explicitPath ? throw new CliException(ExitCodes.Usage, $"config file {path} does not exist") : null;
        try
        {
            return JsonSerializer.Deserialize<ConfigFile>(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"config file {path} is not valid JSON: {e.Message}");
        }
    }
}
