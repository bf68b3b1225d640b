using System.Text.Json;
using System.Text.Json.Nodes;
using Inkport.Cli.Tests.Infrastructure;
using Inkport.Client;
using Inkport.Client.Tests.Infrastructure;

namespace Inkport.Cli.Tests;

/// <summary>`inkport import -r`: a folder tree mirrored into drive folders, resumable without duplicates.</summary>
public sealed class ImportTreeTests : IDisposable
{
    private readonly ServerHost _host = new(("Inkport:Import:Workers", "8"));
    private readonly CliRunner _cli = new();

    public void Dispose()
    {
        _cli.Dispose();
        _host.Dispose();
    }

    private string[] Import(string source, string state, params string[] more) =>
        ["import", source, "--recursive", "--server", _host.BaseUrl.ToString(), "--state", state, "--json", .. more];

    [CorpusFact]
    public async Task The_shared_corpus_imports_as_a_tree_with_a_documented_outcome_for_every_file()
    {
        var corpus = RepoPaths.Corpus!;
        var state = Path.Combine(_cli.Home, "corpus-state.json");

        var run = await _cli.RunAsync(Import(corpus, state, "--parallel", "8", "--imports-per-minute", "0"));

        Assert.True(run.Exit is ExitCodes.Ok or ExitCodes.ImportFailed, run.ToString());
        var report = JsonNode.Parse(run.Out)!;
        var files = report["files"]!.AsArray().Select(f => f!).ToList();
        var local = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(corpus, p).Split('/').Any(part => part.StartsWith('.'))).ToList();
        Assert.Equal(local.Count, files.Count);
        Assert.True(local.Count >= 250, $"only {local.Count} corpus files");

        foreach (var file in files)
        {
            var path = file["path"]!.GetValue<string>();
            var extension = ImportMatrix.ExtensionOf(path);
            switch (file["result"]!.GetValue<string>())
            {
                case "imported":
                    Assert.False(string.IsNullOrEmpty(file["token"]?.GetValue<string>()), path);
                    break;
                case "failed":
                    // A conversion failure with a documented job_status, never an API error or an internal error.
                    var status = file["job_status"]?.GetValue<int>();
                    Assert.True(status is not null && JobStatuses.Describe(status.Value) is var meaning && meaning != "undocumented status"
                                && !meaning.Contains("internal"), $"{path}: {file}");
                    break;
                case "skipped":
                    Assert.True(ImportMatrix.DefaultTarget(extension) is null || new FileInfo(Path.Combine(corpus, "..", path)).Length > 20 * 1024 * 1024, $"{path}: {file}");
                    break;
                default:
                    Assert.Fail($"{path}: {file}");
                    break;
            }
        }

        // The drive mirrors the local tree: one folder per local folder, one document per imported file, in its folder.
        using var client = new InkportClient(_host.Options());
        var root = await FolderTokenAsync(client, "", "corpus");
        var tree = await DriveTree.ReadAsync(client, root, "corpus");
        var localFolders = Directory.EnumerateDirectories(corpus, "*", SearchOption.AllDirectories)
            .Select(d => "corpus/" + Path.GetRelativePath(corpus, d)).Append("corpus").Order(StringComparer.Ordinal);
        Assert.Equal(localFolders, tree.Folders.Keys.Order(StringComparer.Ordinal));
        var imported = files.Where(f => f["result"]!.GetValue<string>() == "imported").ToList();
        Assert.Equal(imported.Count, tree.Documents.Count());
        foreach (var file in imported)
        {
            var path = file["path"]!.GetValue<string>();
            var entries = tree.Folders[path[..path.LastIndexOf('/')]];
            Assert.Single(entries, e => e.Token == file["token"]!.GetValue<string>() && e.Type == file["type"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task An_interrupted_import_resumes_without_duplicating_a_folder_or_a_document()
    {
        var source = GenerateTree(Path.Combine(_cli.Home, "tree"), folders: 6, filesPerFolder: 20);
        var state = Path.Combine(_cli.Home, "tree-state.json");
        using var stop = new CancellationTokenSource();
        // Interrupt once a quarter of the files are done (the state file says so).
        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (DoneCount(state) >= 30) stop.Cancel();
                else await Task.Delay(20);
            }
        });

        var first = await _cli.RunAsync(Import(source, state, "--parallel", "3"), stop.Token);
        await watcher;

        Assert.Equal(ExitCodes.Interrupted, first.Exit);
        var doneBefore = DoneCount(state);
        Assert.InRange(doneBefore, 30, 119);

        var second = await _cli.RunAsync(Import(source, state, "--parallel", "3"));

        Assert.Equal(ExitCodes.Ok, second.Exit);
        var report = JsonNode.Parse(second.Out)!;
        Assert.Equal(120, report["imported"]!.GetValue<int>() + report["already_imported"]!.GetValue<int>());
        Assert.True(report["already_imported"]!.GetValue<int>() >= doneBefore);

        using var client = new InkportClient(_host.Options());
        var tree = await DriveTree.ReadAsync(client, await FolderTokenAsync(client, "", "tree"), "tree");
        Assert.Equal(7, tree.Folders.Count);
        Assert.Equal(120, tree.Documents.Count());
        foreach (var (folder, entries) in tree.Folders)
            Assert.True(entries.Select(e => e.Name).Distinct().Count() == entries.Count, $"duplicates in {folder}");

        // A third run has nothing left to do.
        var third = await _cli.RunAsync(Import(source, state));
        Assert.Equal(120, JsonNode.Parse(third.Out)!["already_imported"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_killed_import_process_is_finished_by_the_next_run_without_duplicates()
    {
        var source = GenerateTree(Path.Combine(_cli.Home, "killed"), folders: 4, filesPerFolder: 30);
        var state = Path.Combine(_cli.Home, "killed-state.json");
        var start = new System.Diagnostics.ProcessStartInfo(Dotnet()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])[RepoPaths.CliDll, .. Import(source, state, "--parallel", "2")]) start.ArgumentList.Add(arg);
        using (var child = System.Diagnostics.Process.Start(start)!)
        {
            _ = child.StandardOutput.ReadToEndAsync();
            _ = child.StandardError.ReadToEndAsync();
            var deadline = DateTime.UtcNow.AddMinutes(2);
            while (DoneCount(state) < 20 && !child.HasExited && DateTime.UtcNow < deadline) await Task.Delay(20);
            Assert.False(child.HasExited, $"the import ended (exit {(child.HasExited ? child.ExitCode : 0)}) before it could be killed");
            child.Kill(entireProcessTree: true); // SIGKILL: no chance to tidy up
            await child.WaitForExitAsync();
        }
        var doneBefore = DoneCount(state);
        Assert.InRange(doneBefore, 20, 119);

        var rerun = await _cli.RunAsync(Import(source, state, "--parallel", "2"));

        Assert.True(rerun.Exit == ExitCodes.Ok, rerun.ToString());
        using var client = new InkportClient(_host.Options());
        var tree = await DriveTree.ReadAsync(client, await FolderTokenAsync(client, "", "killed"), "killed");
        Assert.Equal(5, tree.Folders.Count);
        Assert.Equal(120, tree.Documents.Count());
        foreach (var (folder, entries) in tree.Folders)
            Assert.True(entries.Select(e => e.Name).Distinct().Count() == entries.Count, $"duplicates in {folder}");
    }

    private static string Dotnet() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
        : Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";

    [Fact]
    public async Task Types_follow_extensions_with_per_extension_overrides_and_folders_need_recursive()
    {
        var source = Path.Combine(_cli.Home, "mixed");
        Directory.CreateDirectory(source);
        await File.WriteAllTextAsync(Path.Combine(source, "a.csv"), "x,y\n1,2\n");
        await File.WriteAllTextAsync(Path.Combine(source, "b.csv"), "x,y\n3,4\n");
        await File.WriteAllTextAsync(Path.Combine(source, "c.md"), "# c\n");
        await File.WriteAllTextAsync(Path.Combine(source, "d.pdf"), "%PDF");

        var flat = await _cli.RunAsync("import", source, "--server", _host.BaseUrl.ToString());
        Assert.Equal(ExitCodes.Usage, flat.Exit);
        Assert.Contains("--recursive", flat.Error);

        var run = await _cli.RunAsync(Import(source, Path.Combine(_cli.Home, "mixed.json"), "--map", "csv=bitable"));

        Assert.Equal(ExitCodes.Ok, run.Exit);
        var results = JsonNode.Parse(run.Out)!["files"]!.AsArray().ToDictionary(f => f!["path"]!.GetValue<string>(), f => f!);
        Assert.Equal("bitable", results["mixed/a.csv"]["type"]!.GetValue<string>());
        Assert.Equal("docx", results["mixed/c.md"]["type"]!.GetValue<string>());
        Assert.Equal("skipped", results["mixed/d.pdf"]["result"]!.GetValue<string>());
    }

    private async Task<string> FolderTokenAsync(InkportClient client, string parent, string name)
    {
        await foreach (var entry in client.Drive.Files.ListAsync(parent))
            if (entry.Type == "folder" && entry.Name == name) return entry.Token;
        throw new Xunit.Sdk.XunitException($"no folder {name}");
    }

    private static int DoneCount(string state)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(state));
            return document.RootElement.GetProperty("files").EnumerateObject().Count(f => f.Value.GetProperty("status").GetString() == "done");
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException)
        {
            return 0;
        }
    }

    private static string GenerateTree(string root, int folders, int filesPerFolder)
    {
        for (var f = 0; f < folders; f++)
        {
            var dir = Path.Combine(root, $"part{f}");
            Directory.CreateDirectory(dir);
            for (var i = 0; i < filesPerFolder; i++)
            {
                var path = Path.Combine(dir, i % 2 == 0 ? $"note{i:D2}.md" : $"table{i:D2}.csv");
                File.WriteAllText(path, i % 2 == 0 ? $"# Note {f}.{i}\n\nText {i}.\n" : $"k,v\n{f},{i}\n");
            }
        }
        return root;
    }
}
