using Inkport.Core.Housekeeping;
using Inkport.Core.Media;
using Inkport.Core.Storage;

namespace Inkport.Server.Hosting;

/// <summary>The singleton chores — removing multipart uploads past their 24 hours, and orphaned bytes — run every
/// interval, each under its chore lock, so among processes sharing a store exactly one runs a chore at a time
/// (the others skip that round). Reaping expired leases needs no chore: a claim takes them over.</summary>
public sealed class Chores(IInkportStorage storage, MultipartUploads uploads, OrphanedBytes orphans, InkportOptions options,
    TimeProvider clock, ILogger<Chores> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(options.Chores.IntervalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await RunAsync("expired-uploads", uploads.RemoveExpiredAsync, "removed {Count} expired multipart uploads", stoppingToken);
            await RunAsync("orphaned-bytes", orphans.RemoveAsync, "removed {Count} orphaned documents and blobs", stoppingToken);
            await Task.Delay(interval, clock, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private async Task RunAsync(string chore, Func<CancellationToken, Task<int>> work, string done, CancellationToken ct)
    {
        try
        {
            await using var held = await storage.ChoreLocks.TryAcquireAsync(chore, ct);
            if (held is null) return; // another process is running it
            var count = await work(ct);
            if (count > 0) log.LogInformation(done, count);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            log.LogError(e, "chore {Chore} failed; it runs again after the interval", chore);
        }
    }
}
