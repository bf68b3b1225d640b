using Inkport.Conversion;
using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Storage;

namespace Inkport.Core.Imports;

public sealed record ImportOptions
{
    /// <summary>How long a claim lasts without renewal; a crashed worker's task is taken over after it.</summary>
    public TimeSpan Lease { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Wall-clock limit of one conversion (job_status 108 beyond it).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public ConversionLimits Limits { get; init; } = ConversionLimits.Feishu;

    /// <summary>Claims after which a task that keeps killing its worker is failed instead of retried.</summary>
    public int MaxAttempts { get; init; } = 3;
}

/// <summary>Runs one claimed import task to its end: converts the staged bytes, stores the document,
/// and records success (with the drive node, atomically) or the failure's job_status. The single place
/// that catches <see cref="ConversionException"/>.</summary>
public sealed class ImportProcessor(IInkportStorage storage, ImportSources sources, DriveService drive, DocxDocuments docx,
    SheetDocuments sheets, BitableDocuments bitables, ImportOptions options, TimeProvider clock)
{
    /// <summary>Claims the oldest runnable task for <paramref name="worker"/>, or null when the queue is empty.</summary>
    public Task<ImportTask?> ClaimAsync(string worker, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return storage.ImportTasks.ClaimNextAsync(now, t => t.Claim(worker, Ids.Ids.Token(), now, options.Lease), ct);
    }

    /// <summary>Processes a task this worker holds. Returns the finished task (or null when the lease was lost).</summary>
    public async Task<ImportTask?> ProcessAsync(ImportTask task, string worker, CancellationToken ct)
    {
        using var leaseLost = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var renewal = RenewLeaseWhileRunning(task.Ticket, worker, leaseLost);
        var (finished, node, source) = await RunAsync(task, worker, leaseLost.Token);
        if (ct.IsCancellationRequested) return null; // shutting down: the task is taken over after its lease
        var limits = drive.Limits;
        var result = await storage.ImportTasks.CompleteAsync(finished, worker, node, limits.MaxChildren, limits.MaxNodes, CancellationToken.None);
        if (result is CompletionResult.TooManyChildren or CompletionResult.TooManyNodes)
        {
            // The folder filled up while converting: no document after all (spec/04 §6, job_status 105).
            await storage.RemoveDocumentAsync(finished.DocumentToken!, CancellationToken.None);
            finished = task.Fail(worker, JobStatusCodes.TooManyNodes, "too many nodes in the folder", clock.GetUtcNow());
            result = await storage.ImportTasks.CompleteAsync(finished, worker, null, limits.MaxChildren, limits.MaxNodes, CancellationToken.None);
        }
        if (result != CompletionResult.Completed) return null;
        if (finished.State == ImportState.Succeeded && source is not null) await sources.DiscardIfStagedAsync(source);
        return finished;
    }

    private async Task<(ImportTask, DriveNode?, ImportSource?)> RunAsync(ImportTask task, string worker, CancellationToken ct)
    {
        (ImportTask, DriveNode?, ImportSource?) Fail(int status, string message) => (task.Fail(worker, status, message, clock.GetUtcNow()), null, null);
        var documentToken = task.DocumentToken ?? throw new InvalidOperationException($"task {task.Ticket} was claimed without a document token");

        if (task.Attempts > options.MaxAttempts)
            return Fail(JobStatusCodes.InternalError, $"internal error: abandoned after {options.MaxAttempts} interrupted attempts");
        var source = await sources.FindAsync(task.FileToken, ct);
        if (source is null) return Fail(JobStatusCodes.FileExpired, "import file expired");
        var format = ImportFormats.Find(task.FileExtension, task.Target);
        if (format is null) return Fail(JobStatusCodes.FormatNotSupported, "format not supported");

        // The folder was checked at create time; what changed since is the folder's own failure status.
        var folder = await storage.Drive.GetAsync(task.FolderToken, ct);
        if (folder is null) return Fail(JobStatusCodes.MountPointMissing, "target folder deleted");
        if (await drive.AccessAsync(ImportSources.CallerOf(task), folder, ct) < Permission.Edit)
            return Fail(JobStatusCodes.NoFolderPermission, "no permission to import into the target folder");
        if (drive.Limits.TenantQuotaBytes > 0 && await storage.Drive.TenantUsageAsync(task.TenantKey, ct) > drive.Limits.TenantQuotaBytes)
            return Fail(JobStatusCodes.StorageInsufficient, "tenant storage capacity insufficient");

        // A retried attempt starts from nothing: whatever an earlier attempt stored is removed.
        if (task.Attempts > 1) await storage.RemoveDocumentAsync(documentToken, ct);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Timeout);
        IReadOnlyList<string> extra;
        try
        {
            // Conversion is synchronous, CPU-bound code: run it off the caller's thread, and stop waiting
            // at the deadline even if a converter does not notice its token.
            extra = await Task.Run(() => ConvertAsync(task, source.BlobId, format, documentToken, timeout.Token), timeout.Token)
                .WaitAsync(options.Timeout, ct);
        }
        catch (ConversionException e)
        {
            await storage.RemoveDocumentAsync(documentToken, CancellationToken.None);
            return Fail(e.JobStatus, e.Message);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && (e is TimeoutException || e is OperationCanceledException))
        {
            await storage.RemoveDocumentAsync(documentToken, CancellationToken.None);
            return Fail(JobStatusCodes.TimedOut, $"processing timed out after {options.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            // A converter defect, not the file's fault: the task ends (never retried forever) and says why.
            await storage.RemoveDocumentAsync(documentToken, CancellationToken.None);
            return Fail(JobStatusCodes.InternalError, $"internal error: {e.GetType().Name}: {e.Message}");
        }

        var now = clock.GetUtcNow();
        var node = DriveNode.Under(folder, documentToken, NodeTypeOf(task.Target), task.FileName, task.OwnerId, now);
        return (task.Succeed(worker, extra, now), node, source);
    }

    private async Task<IReadOnlyList<string>> ConvertAsync(ImportTask task, string blobId, ImportFormat format, string token, CancellationToken ct)
    {
        await using var source = await storage.Blobs.OpenReadAsync(blobId, ct)
            ?? throw ConversionException.Corrupt("the uploaded bytes are missing");
        var conversion = new ConversionOptions { FileName = task.FileName + "." + task.FileExtension, Limits = options.Limits, Cancellation = ct };
        switch (task.Target)
        {
            case ImportTarget.Docx:
                var result = format.DocxConverter!.Convert(source, conversion);
                await docx.SaveAsync(task, token, task.FileName, result.Document, ct);
                return result.Warnings;
            case ImportTarget.Sheet:
                await using (var sheetWriter = sheets.OpenWriter(token, task.FileName, ct))
                {
                    var sheetWarnings = await HandoffSink.ConvertAsync(format.SpreadsheetConverter!, source, conversion, sheetWriter);
                    await sheetWriter.CompleteAsync();
                    return sheetWarnings;
                }
            default:
                await using (var tableWriter = bitables.OpenWriter(token, task.FileName, options.Limits, ct))
                {
                    var readWarnings = await HandoffSink.ConvertAsync(format.SpreadsheetConverter!, source, conversion, tableWriter);
                    await tableWriter.CompleteAsync();
                    return [.. readWarnings, .. tableWriter.Warnings.Except(readWarnings)];
                }
        }
    }

    private static NodeType NodeTypeOf(ImportTarget target) => target switch
    {
        ImportTarget.Docx => NodeType.Docx,
        ImportTarget.Sheet => NodeType.Sheet,
        _ => NodeType.Bitable,
    };

    /// <summary>Renews the lease every third of its length; cancels the work if it is lost.</summary>
    private IDisposable RenewLeaseWhileRunning(string ticket, string worker, CancellationTokenSource onLost)
    {
        var period = options.Lease / 3;
        var timer = new PeriodicTimer(period, clock);
        _ = Task.Run(async () =>
        {
            try
            {
                while (await timer.WaitForNextTickAsync(onLost.Token))
                    if (!await storage.ImportTasks.RenewLeaseAsync(ticket, worker, clock.GetUtcNow() + options.Lease, onLost.Token))
                    {
                        await onLost.CancelAsync();
                        return;
                    }
            }
            catch (OperationCanceledException) { }
            catch (ObjectDisposedException) { }
        });
        return timer;
    }
}
