using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Inkport.Cli.Commands;

/// <summary>`inkport ls [FOLDER]`: one folder's entries (the root when no folder is given).</summary>
public static class LsCommand
{
    public static Command Create(GlobalOptions global, CliEnvironment env)
    {
        var folder = new Argument<string>("folder") { Description = "Folder token (default: the root folder)", DefaultValueFactory = _ => "" };
        var command = new Command("ls", "List a drive folder") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var client = Output.Client(global, parse, env);
            var entries = new List<Contracts.FileEntry>();
            await foreach (var entry in client.Drive.Files.ListAsync(parse.GetValue(folder) ?? "", cancellationToken)) entries.Add(entry);
            entries.Sort((a, b) => (a.Type == "folder" ? 0 : 1, a.Name).CompareTo((b.Type == "folder" ? 0 : 1, b.Name)));
            if (parse.GetValue(global.Json))
            {
                await Output.JsonAsync(env, entries);
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("Name", "Type", "Token", "Modified", "URL");
            foreach (var e in entries)
                table.AddRow(Markup.Escape(e.Name), e.Type, e.Token, Modified(e.ModifiedTime), Markup.Escape(e.Url ?? ""));
            env.Console.Write(table);
            env.Console.MarkupLine($"{entries.Count} item(s)");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Modified(string? seconds) =>
        long.TryParse(seconds, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
            ? DateTimeOffset.FromUnixTimeSeconds(s).ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)
            : seconds ?? "";
}
