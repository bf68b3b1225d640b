using System.Runtime;
using Inkport.Core.Imports;
using Inkport.Core.Storage;

namespace Inkport.Server.Hosting;

/// <summary>Wakes idle workers when a task is queued: by this process directly, by any process through the store's
/// watch of inserts (LISTEN/NOTIFY on PostgreSQL). Polling stays as the fallback.</summary>
public sealed class ImportSignal : IImportSignal
{
    private readonly SemaphoreSlim _queued = new(0);

    public void TaskQueued()
    {
        if (_queued.CurrentCount < 64) _queued.Release();
    }

    public async Task WaitAsync(TimeSpan poll, CancellationToken ct)
    {
        try { await _queued.WaitAsync(poll, ct); }
        catch (OperationCanceledException) { }
    }
}

/// <summary>The import workers: each loop claims a task under a lease, processes it, and claims the next;
/// idle loops sleep until a task is queued or the poll interval passes.</summary>
public sealed class ImportWorker(ImportProcessor processor, ImportSignal signal, IInkportStorage storage, InkportOptions options,
    ILogger<ImportWorker> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = options.Import.Workers > 0 ? options.Import.Workers : Environment.ProcessorCount;
        var poll = TimeSpan.FromSeconds(options.Import.PollSeconds);
        var processId = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
        var loops = Enumerable.Range(0, workers).Select(i => RunLoopAsync($"{processId}/{i}", poll, stoppingToken));
        return Task.WhenAll([.. loops, storage.ImportTasks.WatchInsertsAsync(signal.TaskQueued, stoppingToken)]);
    }

    /// <summary>An import that allocated this much (a big file) is followed by a compacting collection, the
    /// large-object heap included: without it the server's footprint grew import after import, 200 → 340 MB over
    /// eight 17 MB HTML imports, with it 196–235 MB (docs/performance.md). Small imports never pay for it.</summary>
    private const long CompactAfterAllocatedBytes = 64L << 20;

    private static void CompactHeap()
    {
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    private async Task RunLoopAsync(string worker, TimeSpan poll, CancellationToken ct)
    {
        await Task.Yield();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var task = await processor.ClaimAsync(worker, ct);
                if (task is null)
                {
                    await signal.WaitAsync(poll, ct);
                    continue;
                }
                var allocatedBefore = GC.GetTotalAllocatedBytes();
                var finished = await processor.ProcessAsync(task, worker, ct);
                if (GC.GetTotalAllocatedBytes() - allocatedBefore >= CompactAfterAllocatedBytes) CompactHeap();
                if (finished is not null)
                    log.LogInformation("import {Ticket} ({Extension} → {Target}) ended with job_status {Status}",
                        finished.Ticket, finished.FileExtension, finished.Target, finished.JobStatus);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The task keeps its lease until it expires and is then retried (at most ImportOptions.MaxAttempts).
                log.LogError(e, "import worker {Worker} failed; continuing", worker);
                await Task.Delay(poll, ct).ContinueWith(_ => { });
            }
        }
    }
}
