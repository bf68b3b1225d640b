using Inkport.Core.Media;

namespace Inkport.Server.Hosting;

/// <summary>Every few minutes, removes multipart uploads past their 24 hours together with their part blobs.</summary>
public sealed class UploadSessionCleanup(MultipartUploads uploads, TimeProvider clock, ILogger<UploadSessionCleanup> log) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await uploads.RemoveExpiredAsync(stoppingToken);
                if (removed > 0) log.LogInformation("removed {Count} expired multipart uploads", removed);
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                log.LogError(e, "removing expired multipart uploads failed; retrying later");
                await Task.Delay(Interval, clock, stoppingToken).ContinueWith(_ => { });
            }
        }
    }
}
