using Inkport.Client;
using Inkport.Contracts;

namespace Inkport.Cli.Tests.Infrastructure;

/// <summary>The drive below a folder, read through the client: folder paths and the entries of each.</summary>
public sealed class DriveTree
{
    public Dictionary<string, List<FileEntry>> Folders { get; } = new(StringComparer.Ordinal);

    public static async Task<DriveTree> ReadAsync(InkportClient client, string folderToken, string path)
    {
        var tree = new DriveTree();
        await tree.WalkAsync(client, folderToken, path);
        return tree;
    }

    private async Task WalkAsync(InkportClient client, string token, string path)
    {
        var entries = new List<FileEntry>();
        await foreach (var entry in client.Drive.Files.ListAsync(token)) entries.Add(entry);
        Folders[path] = entries;
        foreach (var folder in entries.Where(e => e.Type == "folder")) await WalkAsync(client, folder.Token, $"{path}/{folder.Name}");
    }

    public IEnumerable<FileEntry> Documents => Folders.Values.SelectMany(e => e).Where(e => e.Type != "folder");
}
