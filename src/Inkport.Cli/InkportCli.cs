using System.CommandLine;
using Inkport.Cli.Commands;
using Inkport.Client;

namespace Inkport.Cli;

/// <summary>The options every command takes.</summary>
public sealed class GlobalOptions
{
    public Option<string?> Server { get; } = new("--server") { Description = "API base URL, or inkport / feishu / lark (default http://127.0.0.1:8700; env INKPORT_SERVER)", Recursive = true };
    public Option<string?> AppId { get; } = new("--app-id") { Description = "App id (env INKPORT_APP_ID)", Recursive = true };
    public Option<string?> AppSecret { get; } = new("--app-secret") { Description = "App secret (env INKPORT_APP_SECRET)", Recursive = true };
    public Option<string?> Config { get; } = new("--config") { Description = "Config file (JSON: server, app_id, app_secret); default ~/.config/inkport/config.json", Recursive = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

    public Connection Connection(ParseResult parse, CliEnvironment env) =>
        Settings.Resolve(parse.GetValue(Server), parse.GetValue(AppId), parse.GetValue(AppSecret), parse.GetValue(Config), env);
}

/// <summary>`inkport`: the command tree, and the mapping of failures to exit codes.</summary>
public static class InkportCli
{
    public static RootCommand Build(CliEnvironment env)
    {
        var global = new GlobalOptions();
        var root = new RootCommand("Inkport: import files and folder trees into Inkport or Feishu, and read the documents back.")
        {
            global.Server, global.AppId, global.AppSecret, global.Config, global.Json,
        };
        root.Add(ServeCommand.Create());
        root.Add(ImportCommand.Create(global, env));
        root.Add(StatusCommand.Create(global, env));
        root.Add(LsCommand.Create(global, env));
        root.Add(CatCommand.Create(global, env));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment env, CancellationToken cancellationToken = default)
    {
        var parse = Build(env).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await env.Error.WriteLineAsync($"inkport: {error.Message}");
            await env.Error.WriteLineAsync("Run 'inkport --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { Output = env.Out, Error = env.Error, EnableDefaultExceptionHandler = false },
                cancellationToken);
        }
        catch (CliException e)
        {
            await env.Error.WriteLineAsync($"inkport: {e.Message}");
            return e.ExitCode;
        }
        catch (InkportApiException e)
        {
            await env.Error.WriteLineAsync($"inkport: {e.Message}");
            return IsAuthFailure(e) ? ExitCodes.AuthFailed : ExitCodes.ApiError;
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("inkport: interrupted");
            return ExitCodes.Interrupted;
        }
    }

    /// <summary>The token endpoint's refusals and the gateway's token codes (spec/01 §2, §4).</summary>
    public static bool IsAuthFailure(InkportApiException e) =>
        e.Request.Contains("access_token", StringComparison.Ordinal) || e.Code is 99991661 or 99991663 or 99991664 or 99991665 or 99991671 or 10003 or 10014 or 10015 or 99991543;
}
