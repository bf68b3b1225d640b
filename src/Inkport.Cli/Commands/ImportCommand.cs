using System.CommandLine;
using System.Security.Cryptography;
using System.Text;
using Inkport.Cli.Import;
using Inkport.Client;
using Spectre.Console;

namespace Inkport.Cli;

/// <summary>`inkport import PATH...`: files, or whole folder trees with --recursive, mirrored into drive folders.</summary>
public static class ImportCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var paths = new Argument<string[]>("path") { Description = "Files and folders to import", Arity = ArgumentArity.OneOrMore };
        var type = new Option<string?>("--type") { Description = "Import every file as docx, sheet or bitable (default: by extension)" };
        type.AcceptOnlyFromAmong("docx", "sheet", "bitable");
        var map = new Option<string[]>("--map")
        {
            Description = "Per-extension target, e.g. --map csv=bitable (repeatable; wins over --type)",
            AllowMultipleArgumentsPerToken = false,
        };
        var folder = new Option<string>("--folder") { Description = "Destination folder token (default: the root folder)", DefaultValueFactory = _ => "" };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "Import folders as trees of drive folders" };
        var parallel = new Option<int>("--parallel") { Description = "Folders imported at once (one import at a time per folder)", DefaultValueFactory = _ => 4 };
        var perMinute = new Option<int>("--imports-per-minute")
        {
            Description = "Import tasks created per minute at most (Feishu allows 100; 0 = no pacing)", DefaultValueFactory = _ => 100,
        };
        var statePath = new Option<string?>("--state") { Description = "State file that makes the import resumable (default: under ~/.local/state/inkport)" };
        var command = new Command("import", "Import files and folder trees; run it again to resume an interrupted import")
        {
            paths, type, map, folder, recursive, parallel, perMinute, statePath,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(parallel) < 1) throw new CliException(ExitCodes.Usage, "--parallel must be at least 1");
            if (parse.GetValue(perMinute) < 0) throw new CliException(ExitCodes.Usage, "--imports-per-minute must be 0 or more");
            var overrides = ParseMap(parse.GetValue(map) ?? []);
            ImportType? forced = ImportTypes.TryParse(parse.GetValue(type), out var t) ? t : null;
            var plan = ImportPlan.Build(parse.GetValue(paths)!, parse.GetValue(recursive), forced, overrides);

            var connection = global.Connection(parse, env);
            var options = connection.ToOptions();
            options.ImportCreatesPerMinute = parse.GetValue(perMinute);
            using var client = new InkportClient(options);
            var target = parse.GetValue(folder) ?? "";
            var stateFile = parse.GetValue(statePath) ?? DefaultStatePath(env, connection, target, parse.GetValue(paths)!);
            var state = ImportState.Load(stateFile, connection.Server.ToString(), connection.AppId, target);
            var json = parse.GetValue(global.Json);
            var interactive = !json && env.Console.Profile.Capabilities.Interactive;

            TreeImporter? importer = null;
            var interrupted = false;
            try
            {
                if (interactive)
                {
                    var total = plan.Files.Count;
                    await env.Console.Progress()
                        .AutoClear(true)
                        .HideCompleted(true)
                        .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                        .StartAsync(async context =>
                        {
                            var overall = context.AddTask($"[bold]overall[/] 0/{total}", maxValue: Math.Max(1, total));
                            importer = new TreeImporter(client, plan, state, stateFile, target, parse.GetValue(parallel), new ProgressDisplay(context, overall, total));
                            await importer.RunAsync(cancellationToken);
                        });
                }
                else
                {
                    IImportObserver display = json ? new SilentDisplay() : new LineDisplay(env.Out);
                    importer = new TreeImporter(client, plan, state, stateFile, target, parse.GetValue(parallel), display);
                    await importer.RunAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                interrupted = true;
            }

            var outcomes = (importer?.Outcomes ?? []).OrderBy(o => o.File.Key, StringComparer.Ordinal).ToList();
            await ReportAsync(env, json, outcomes, plan, stateFile, interrupted);
            if (interrupted) return ExitCodes.Interrupted;
            return outcomes.Any(o => o.Kind == OutcomeKind.Failed) ? ExitCodes.ImportFailed : ExitCodes.Ok;
        });
        return command;
    }

    internal static string Word(OutcomeKind kind) => kind switch
    {
        OutcomeKind.Imported => "imported",
        OutcomeKind.AlreadyImported => "done",
        OutcomeKind.Failed => "failed",
        _ => "skipped",
    };

    private static async Task ReportAsync(CliEnvironment env, bool json, List<FileOutcome> outcomes, ImportPlan plan, string stateFile, bool interrupted)
    {
        int Count(OutcomeKind kind) => outcomes.Count(o => o.Kind == kind);
        if (json)
        {
            await Output.JsonAsync(env, new
            {
                interrupted,
                state_file = stateFile,
                total = plan.Files.Count,
                imported = Count(OutcomeKind.Imported),
                already_imported = Count(OutcomeKind.AlreadyImported),
                failed = Count(OutcomeKind.Failed),
                skipped = Count(OutcomeKind.Skipped),
                files = outcomes.Select(o => new
                {
                    path = o.File.Key, result = Word(o.Kind), type = o.Type, token = o.Token, url = o.Url, extra = o.Extra,
                    job_status = o.JobStatus, error = o.Error,
                }),
            });
            return;
        }
        var table = new Table().AddColumns("File", "Result", "Type", "URL or reason");
        foreach (var o in outcomes)
        {
            var color = o.Kind switch { OutcomeKind.Imported => "green", OutcomeKind.AlreadyImported => "blue", OutcomeKind.Failed => "red", _ => "grey" };
            var detail = o.Kind is OutcomeKind.Imported or OutcomeKind.AlreadyImported
                ? o.Url + (o.Extra.Count > 0 ? $" (extra {string.Join(",", o.Extra)})" : "")
                : o.Error;
            table.AddRow(Markup.Escape(o.File.Key), $"[{color}]{Word(o.Kind)}[/]", o.Type ?? "", Markup.Escape(detail ?? ""));
        }
        env.Console.Write(table);
        env.Console.MarkupLine(Markup.Escape(
            $"{plan.Files.Count} files: {Count(OutcomeKind.Imported)} imported, {Count(OutcomeKind.AlreadyImported)} already imported, " +
            $"{Count(OutcomeKind.Failed)} failed, {Count(OutcomeKind.Skipped)} skipped"));
        if (interrupted) env.Console.MarkupLine(Markup.Escape($"interrupted: run the same command again to resume (state in {stateFile})"));
    }

    private static Dictionary<string, ImportType> ParseMap(IEnumerable<string> pairs)
    {
        var result = new Dictionary<string, ImportType>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var parts = pair.Split('=', 2);
            var extension = parts[0].Trim().TrimStart('.').ToLowerInvariant();
            if (parts.Length != 2 || extension.Length == 0 || !ImportTypes.TryParse(parts[1].Trim(), out var type))
                throw new CliException(ExitCodes.Usage, $"--map {pair}: expected EXTENSION=docx|sheet|bitable");
            if (!ImportMatrix.IsSupported(extension, type))
                throw new CliException(ExitCodes.Usage, $"--map {pair}: .{extension} files cannot be imported as {type.ToWire()}");
            result[extension] = type;
        }
        return result;
    }

    /// <summary>One state file per (server, app, destination, sources), in the user's state folder.</summary>
    private static string DefaultStatePath(CliEnvironment env, Connection connection, string target, IEnumerable<string> sources)
    {
        var identity = string.Join('\n', [connection.Server.ToString(), connection.AppId, target,
            .. sources.Select(s => Path.GetFullPath(s).TrimEnd(Path.DirectorySeparatorChar)).Order(StringComparer.Ordinal)]);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        return Path.Combine(env.StateDirectory, "imports", $"{hash}.json");
    }
}
