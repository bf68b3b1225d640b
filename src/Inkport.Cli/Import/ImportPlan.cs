using Inkport.Client;

namespace Inkport.Cli.Import;

/// <summary>A drive folder to mirror: its key is the local path relative to the sources' parent ("docs/guides"),
/// with '/' separators; the parent key is null for a folder created directly in the target folder.</summary>
public sealed record PlannedFolder(string Key, string Name, string? ParentKey);

/// <summary>One local file: where it goes (folder key, "" = the target folder itself), as what, or why it is skipped.</summary>
public sealed record PlannedFile(string Key, string SourcePath, string FolderKey, string Title, string Extension, long Size,
    DateTimeOffset Modified, ImportType? Type, string? SkipReason);

/// <summary>What an import run will do: the folders to mirror (parents first) and every file found.</summary>
public sealed record ImportPlan(IReadOnlyList<PlannedFolder> Folders, IReadOnlyList<PlannedFile> Files)
{
    /// <summary>Walks the given files and folders (folders only with <paramref name="recursive"/>), skipping hidden entries
    /// and symbolic links to folders; picks each file's target from the overrides, then <paramref name="type"/>, then its extension.</summary>
    public static ImportPlan Build(IReadOnlyList<string> paths, bool recursive, ImportType? type, IReadOnlyDictionary<string, ImportType> perExtension)
    {
        var folders = new List<PlannedFolder>();
        var found = new List<(string Path, string FolderKey, string Key)>();
        var roots = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in paths)
        {
            var path = Path.GetFullPath(raw);
            var name = Path.GetFileName(path.TrimEnd(Path.DirectorySeparatorChar));
            if (File.Exists(path))
            {
                if (!roots.Add(name)) throw new CliException(ExitCodes.Usage, $"two sources are named {name}");
                found.Add((path, "", name));
            }
            else if (Directory.Exists(path))
            {
                if (!recursive) throw new CliException(ExitCodes.Usage, $"{raw} is a folder: pass --recursive to import folder trees");
                if (!roots.Add(name)) throw new CliException(ExitCodes.Usage, $"two sources are named {name}");
                folders.Add(new PlannedFolder(name, name, null));
                Walk(path, name, folders, found);
            }
            else
            {
                throw new CliException(ExitCodes.Usage, $"{raw}: no such file or folder");
            }
        }

        var files = new List<PlannedFile>(found.Count);
        foreach (var group in found.GroupBy(f => f.FolderKey))
        {
            var planned = group.Select(f => Plan(f.Path, f.FolderKey, f.Key, type, perExtension)).ToList();
            // Titles are file names without extension (as Feishu's CLI does), unless two importable files of a folder share one.
            var clashing = planned.Where(p => p.Type is not null).GroupBy(p => p.Title, StringComparer.OrdinalIgnoreCase)
                .Where(g => g.Count() > 1).SelectMany(g => g).ToHashSet();
            files.AddRange(planned.Select(p => clashing.Contains(p) ? p with { Title = Path.GetFileName(p.SourcePath) } : p));
        }
        return new ImportPlan(folders, files);
    }

    private static void Walk(string directory, string key, List<PlannedFolder> folders, List<(string, string, string)> found)
    {
        var entries = new DirectoryInfo(directory).EnumerateFileSystemInfos()
            .Where(e => !e.Name.StartsWith('.'))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        foreach (var file in entries.OfType<FileInfo>()) found.Add((file.FullName, key, $"{key}/{file.Name}"));
        foreach (var sub in entries.OfType<DirectoryInfo>().Where(d => d.LinkTarget is null))
        {
            var subKey = $"{key}/{sub.Name}";
            folders.Add(new PlannedFolder(subKey, sub.Name, key));
            Walk(sub.FullName, subKey, folders, found);
        }
    }

    private static PlannedFile Plan(string path, string folderKey, string key, ImportType? type, IReadOnlyDictionary<string, ImportType> perExtension)
    {
        var info = new FileInfo(path);
        var extension = ImportMatrix.ExtensionOf(path);
        var title = Path.GetFileNameWithoutExtension(path);
        PlannedFile Skip(string why) => new(key, path, folderKey, title, extension, info.Length, info.LastWriteTimeUtc, null, why);

        if (ImportMatrix.DefaultTarget(extension) is not { } defaultTarget)
            return Skip(extension.Length == 0 ? "no extension" : $".{extension} files cannot be imported");
        var target = perExtension.TryGetValue(extension, out var chosen) ? chosen : type ?? defaultTarget;
        if (ImportMatrix.MaxBytes(extension, target) is not { } max) return Skip($".{extension} cannot be imported as {target.ToWire()}");
        if (info.Length > max) return Skip($"larger than the {max / (1024 * 1024)} MB limit for .{extension} → {target.ToWire()}");
        return new PlannedFile(key, path, folderKey, title, extension, info.Length, info.LastWriteTimeUtc, target, null);
    }
}
