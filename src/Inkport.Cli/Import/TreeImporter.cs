using System.Collections.Concurrent;
using Inkport.Client;
using Inkport.Contracts;

namespace Inkport.Cli.Import;

public enum OutcomeKind
{
    /// <summary>A document was created in this run.</summary>
    Imported,
    /// <summary>An earlier run imported it (the state file says so).</summary>
    AlreadyImported,
    /// <summary>The import failed (job_status or an API error); a later run tries again.</summary>
    Failed,
    /// <summary>Not importable (extension, type, size).</summary>
    Skipped,
}

public sealed record FileOutcome(PlannedFile File, OutcomeKind Kind, string? Type, string? Token, string? Url, IReadOnlyList<string> Extra,
    int? JobStatus, string? Error);

/// <summary>Watches an import run (the progress display).</summary>
public interface IImportObserver
{
    void Started(PlannedFile file);
    void Uploaded(PlannedFile file, long bytes);
    void Importing(PlannedFile file);
    void Finished(FileOutcome outcome);
}

/// <summary>Mirrors a plan into the drive: folders first (found or created), then files, one import at a time per
/// folder and up to <c>parallel</c> folders at once; every step is recorded in the state before the next.</summary>
public sealed class TreeImporter(InkportClient client, ImportPlan plan, ImportState state, string statePath, string targetFolder, int parallel,
    IImportObserver observer)
{
    private readonly ConcurrentDictionary<string, Task<List<FileEntry>>> _listings = new(StringComparer.Ordinal);
    private readonly ConcurrentBag<FileOutcome> _outcomes = [];

    public IReadOnlyCollection<FileOutcome> Outcomes => _outcomes;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var folderTokens = await EnsureFoldersAsync(cancellationToken);
        var groups = plan.Files.GroupBy(f => f.FolderKey).OrderByDescending(g => g.Count()).ToList();
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallel), CancellationToken = cancellationToken },
            async (group, ct) =>
            {
                var folder = group.Key.Length == 0 ? targetFolder : folderTokens[group.Key];
                foreach (var file in group)
                {
                    ct.ThrowIfCancellationRequested();
                    var outcome = await ImportOneAsync(file, folder, ct);
                    _outcomes.Add(outcome);
                    observer.Finished(outcome);
                }
            });
    }

    private async Task<Dictionary<string, string>> EnsureFoldersAsync(CancellationToken cancellationToken)
    {
        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in plan.Folders)
        {
            if (state.Folders.TryGetValue(folder.Key, out var known))
            {
                tokens[folder.Key] = known;
                continue;
            }
            var parent = folder.ParentKey is null ? targetFolder : tokens[folder.ParentKey];
            // A folder created just before an interruption is found again rather than created twice.
            var existing = (await ListingAsync(parent, cancellationToken)).FirstOrDefault(e => e.Type == "folder" && e.Name == folder.Name);
            var token = existing?.Token ?? (await client.Drive.Files.CreateFolderAsync(folder.Name, parent, cancellationToken)).Token;
            tokens[folder.Key] = token;
            lock (state.Files) state.Folders[folder.Key] = token;
            await state.SaveAsync(statePath, cancellationToken);
        }
        return tokens;
    }

    private Task<List<FileEntry>> ListingAsync(string folder, CancellationToken cancellationToken) =>
        _listings.GetOrAdd(folder, async token =>
        {
            var entries = new List<FileEntry>();
            await foreach (var entry in client.Drive.Files.ListAsync(token, cancellationToken)) entries.Add(entry);
            return entries;
        });

    private async Task<FileOutcome> ImportOneAsync(PlannedFile file, string folder, CancellationToken cancellationToken)
    {
        if (file.Type is not { } type) return new FileOutcome(file, OutcomeKind.Skipped, null, null, null, [], null, file.SkipReason);
        var previous = state.Get(file.Key);
        var unchanged = previous is not null && previous.Size == file.Size && previous.Modified == file.Modified;
        if (unchanged && previous!.Status == FileState.Done)
            return new FileOutcome(file, OutcomeKind.AlreadyImported, previous.Type, previous.Token, previous.Url, previous.Extra ?? [], 0, null);

        observer.Started(file);
        try
        {
            ImportResult? result = null;
            if (unchanged && previous!.Status == FileState.Created && previous.Ticket is { } ticket)
            {
                observer.Importing(file);
                result = await ResumeTicketAsync(ticket, cancellationToken);
            }
            if (result is null && unchanged && previous!.Status == FileState.Creating)
                result = await AdoptAsync(file, type, folder, cancellationToken);
            result ??= await ImportFreshAsync(file, type, folder, cancellationToken);

            await RecordAsync(file, new FileState
            {
                Status = FileState.Done, Size = file.Size, Modified = file.Modified, Type = result.Type.ToWire(), Ticket = result.Ticket,
                Token = result.Token, Url = result.Url, Extra = result.Extra, JobStatus = 0,
            });
            return new FileOutcome(file, OutcomeKind.Imported, result.Type.ToWire(), result.Token, result.Url, result.Extra, 0, null);
        }
        catch (ImportFailedException e)
        {
            await RecordAsync(file, new FileState { Status = FileState.Failed, Size = file.Size, Modified = file.Modified, Type = type.ToWire(),
                Ticket = e.Ticket, JobStatus = e.JobStatus, Error = e.Meaning });
            return new FileOutcome(file, OutcomeKind.Failed, type.ToWire(), null, null, [], e.JobStatus,
                $"job_status {e.JobStatus}: {e.Meaning}");
        }
        catch (ImportTimeoutException e)
        {
            // The state keeps the ticket: the next run waits for it instead of importing again.
            return new FileOutcome(file, OutcomeKind.Failed, type.ToWire(), null, null, [], e.LastJobStatus, $"{e.Message}; run again to resume");
        }
        catch (InkportApiException e) when (!InkportCli.IsAuthFailure(e))
        {
            await RecordAsync(file, new FileState { Status = FileState.Failed, Size = file.Size, Modified = file.Modified, Type = type.ToWire(), Error = e.Message });
            return new FileOutcome(file, OutcomeKind.Failed, type.ToWire(), null, null, [], null, e.Message);
        }
        catch (IOException e)
        {
            return new FileOutcome(file, OutcomeKind.Failed, type.ToWire(), null, null, [], null, e.Message);
        }
    }

    private async Task<ImportResult> ImportFreshAsync(PlannedFile file, ImportType type, string folder, CancellationToken cancellationToken)
    {
        string fileToken;
        await using (var stream = new FileStream(file.SourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan))
        {
            var progress = new Progress(bytes => observer.Uploaded(file, bytes));
            fileToken = await client.Drive.Medias.UploadForImportAsync(stream, Path.GetFileName(file.SourcePath), type, progress, cancellationToken);
        }
        await RecordAsync(file, new FileState { Status = FileState.Creating, Size = file.Size, Modified = file.Modified, Type = type.ToWire() });
        var ticket = await client.Drive.ImportTasks.CreateAsync(fileToken, file.Extension, type, file.Title, folder, cancellationToken);
        await RecordAsync(file, new FileState { Status = FileState.Created, Size = file.Size, Modified = file.Modified, Type = type.ToWire(), Ticket = ticket });
        observer.Importing(file);
        return await client.Drive.ImportTasks.WaitForImportAsync(ticket, cancellationToken: cancellationToken);
    }

    /// <summary>Waits for a ticket an interrupted run created; an unknown ticket means importing again.</summary>
    private async Task<ImportResult?> ResumeTicketAsync(string ticket, CancellationToken cancellationToken)
    {
        try
        {
            return await client.Drive.ImportTasks.WaitForImportAsync(ticket, cancellationToken: cancellationToken);
        }
        catch (InkportApiException e) when (!e.IsTransient && !InkportCli.IsAuthFailure(e))
        {
            return null;
        }
    }

    /// <summary>The run was interrupted between uploading and recording the ticket: if the task was created after all,
    /// its document is in the folder under the file's title, and is taken rather than imported twice.</summary>
    private async Task<ImportResult?> AdoptAsync(PlannedFile file, ImportType type, string folder, CancellationToken cancellationToken)
    {
        var claimed = state.ClaimedTokens();
        var entries = new List<FileEntry>();
        await foreach (var entry in client.Drive.Files.ListAsync(folder, cancellationToken)) entries.Add(entry);
        var match = entries.FirstOrDefault(e => e.Name == file.Title && e.Type == type.ToWire() && !claimed.Contains(e.Token));
        return match is null ? null : new ImportResult("", type, match.Token, match.Url ?? "", []);
    }

    private async Task RecordAsync(PlannedFile file, FileState value)
    {
        state.Set(file.Key, value);
        await state.SaveAsync(statePath);
    }

    private sealed class Progress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
