using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkport.Cli.Import;

/// <summary>Where an import run got to, saved after every step so that a run started again resumes
/// without creating any folder or document twice.</summary>
public sealed class ImportState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly SemaphoreSlim _saving = new(1, 1);

    public int Version { get; set; } = 1;
    public string Server { get; set; } = "";
    public string AppId { get; set; } = "";
    public string Folder { get; set; } = "";

    /// <summary>Folder key → drive folder token.</summary>
    public Dictionary<string, string> Folders { get; set; } = new(StringComparer.Ordinal);

    /// <summary>File key → its progress.</summary>
    public Dictionary<string, FileState> Files { get; set; } = new(StringComparer.Ordinal);

    public static ImportState Load(string path, string server, string appId, string folder)
    {
        if (!File.Exists(path)) return new ImportState { Server = server, AppId = appId, Folder = folder };
        ImportState? state;
        try
        {
            state = JsonSerializer.Deserialize<ImportState>(File.ReadAllText(path), Json);
        }
        catch (JsonException e)
        {
            throw new CliException(ExitCodes.Usage, $"state file {path} is not valid: {e.Message} (delete it to start over)");
        }
        if (state is null || state.Server != server || state.AppId != appId || state.Folder != folder)
            throw new CliException(ExitCodes.Usage,
                $"state file {path} belongs to another import (server {state?.Server}, app {state?.AppId}, folder \"{state?.Folder}\"): pass another --state");
        return state;
    }

    /// <summary>Replaces the file atomically (write aside, then rename), so a kill never leaves half a state.</summary>
    public async Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        await _saving.WaitAsync(CancellationToken.None);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var temp = path + ".tmp";
            string text;
            lock (Files) text = JsonSerializer.Serialize(this, Json);
            await File.WriteAllTextAsync(temp, text, CancellationToken.None);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            _saving.Release();
        }
    }

    public FileState? Get(string key)
    {
        lock (Files) return Files.GetValueOrDefault(key);
    }

    public void Set(string key, FileState value)
    {
        lock (Files) Files[key] = value;
    }

    /// <summary>Document tokens already recorded as imported, which a resumed file must not adopt.</summary>
    public HashSet<string> ClaimedTokens()
    {
        lock (Files) return Files.Values.Where(f => f.Token is not null).Select(f => f.Token!).ToHashSet(StringComparer.Ordinal);
    }
}

/// <summary>One file's progress: creating (uploaded, the task being created), created (a ticket exists),
/// done (a document exists), failed.</summary>
public sealed record FileState
{
    public const string Creating = "creating";
    public const string Created = "created";
    public const string Done = "done";
    public const string Failed = "failed";

    public required string Status { get; init; }
    public long Size { get; init; }
    public DateTimeOffset Modified { get; init; }
    public string? Type { get; init; }
    public string? Ticket { get; init; }
    public string? Token { get; init; }
    public string? Url { get; init; }
    public IReadOnlyList<string>? Extra { get; init; }
    public int? JobStatus { get; init; }
    public string? Error { get; init; }
}
