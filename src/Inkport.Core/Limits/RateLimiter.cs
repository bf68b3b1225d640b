using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Limits;

/// <summary>One window of a tier: at most <see cref="Limit"/> calls per <see cref="Window"/>.</summary>
public sealed record RateWindow(int Limit, TimeSpan Window)
{
    public static RateWindow PerSecond(int n) => new(n, TimeSpan.FromSeconds(1));
    public static RateWindow PerMinute(int n) => new(n, TimeSpan.FromMinutes(1));
    public static RateWindow PerDay(int n) => new(n, TimeSpan.FromDays(1));
}

/// <summary>An endpoint's rate limit (08 §3): every window must hold, and the error it answers with.</summary>
public sealed record RateRule(string Endpoint, FeishuError Error, params RateWindow[] Windows);

/// <summary>Feishu's per-endpoint limits. Counted per endpoint × app (× tenant, which an app implies).</summary>
public static class RateRules
{
    public static readonly RateRule ImportCreate = new("import_tasks.create", FeishuErrors.ImportTooManyRequests, RateWindow.PerMinute(100));
    public static readonly RateRule ImportGet = new("import_tasks.get", FeishuErrors.RateLimited, RateWindow.PerMinute(1000), RateWindow.PerSecond(50));
    public static readonly RateRule MediaUpload = new("medias.upload_all", FeishuErrors.CanRetry, RateWindow.PerSecond(5), RateWindow.PerDay(10_000));
    public static readonly RateRule MediaDownload = new("medias.download", FeishuErrors.CanRetry, RateWindow.PerSecond(5), RateWindow.PerDay(10_000));
    public static readonly RateRule CreateFolder = new("files.create_folder", FeishuErrors.DriveContention, RateWindow.PerSecond(5), RateWindow.PerDay(10_000));
    public static readonly RateRule ListFiles = new("files.list", FeishuErrors.RateLimited, RateWindow.PerSecond(20));
    public static readonly RateRule Metas = new("metas.batch_query", FeishuErrors.RateLimited, RateWindow.PerMinute(1000), RateWindow.PerSecond(50));
    public static readonly RateRule DeleteFile = new("files.delete", FeishuErrors.DriveContention, RateWindow.PerSecond(5), RateWindow.PerDay(10_000));
    // 02 §2, §3 / 08 §3: every multipart call and the drive-file uploads have their own 5 QPS and 10,000 a day.
    // 1061045 with HTTP 200 as in the upload pages' shared error table (02 §1.4); create_folder's 400 is that page's own.
    public static readonly RateRule MediaUploadPrepare = UploadRule("medias.upload_prepare");
    public static readonly RateRule MediaUploadPart = UploadRule("medias.upload_part");
    public static readonly RateRule MediaUploadFinish = UploadRule("medias.upload_finish");
    public static readonly RateRule FileUploadAll = UploadRule("files.upload_all");
    public static readonly RateRule FileUploadPrepare = UploadRule("files.upload_prepare");
    public static readonly RateRule FileUploadPart = UploadRule("files.upload_part");
    public static readonly RateRule FileUploadFinish = UploadRule("files.upload_finish");
    public static readonly RateRule FileDownload = UploadRule("files.download");
    public static readonly RateRule DocxRead = new("docx.read", FeishuErrors.RateLimitedOldApi, RateWindow.PerSecond(5));
    public static readonly RateRule SheetsMeta = new("sheets.v3", FeishuErrors.RateLimited, RateWindow.PerMinute(100));
    public static readonly RateRule SheetsValues = new("sheets.v2.values", FeishuErrors.RateLimited, RateWindow.PerSecond(100));
    public static readonly RateRule BitableRead = new("bitable.read", FeishuErrors.BitableTooManyRequests, RateWindow.PerSecond(20));

    private static RateRule UploadRule(string endpoint) => new(endpoint, FeishuErrors.CanRetry, RateWindow.PerSecond(5), RateWindow.PerDay(10_000));
}

/// <summary>Fixed-window counting over a shared counter store, so the limits hold for every process
/// that serves the same data. Time comes from the injected clock.</summary>
public sealed class RateLimiter(IRateCounterStore counters, TimeProvider clock, bool enabled = true)
{
    /// <summary>Counts a call of <paramref name="rule"/>'s endpoint (or an endpoint-specific key such as
    /// "docx.read/blocks") and throws the rule's error, with reset facts, when a window is full.</summary>
    public async Task CheckAsync(RateRule rule, string appId, CancellationToken ct, string? endpoint = null)
    {
        if (!enabled) return;
        var now = clock.GetUtcNow();
        foreach (var window in rule.Windows)
        {
            var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % window.Window.Ticks, TimeSpan.Zero);
            var count = await counters.IncrementAsync($"{endpoint ?? rule.Endpoint}|{appId}|{window.Window.Ticks}", start, window.Window, ct);
            if (count > window.Limit)
            {
                var reset = (int)Math.Ceiling((start + window.Window - now).TotalSeconds);
                throw new FeishuException(rule.Error, $"over {window.Limit} calls per {Describe(window.Window)}")
                {
                    RateLimit = new RateLimitInfo(window.Limit, Math.Max(reset, 1)),
                };
            }
        }
    }

    private static string Describe(TimeSpan window) =>
        window == TimeSpan.FromSeconds(1) ? "second" : window == TimeSpan.FromMinutes(1) ? "minute" : window == TimeSpan.FromDays(1) ? "day" : window.ToString();
}
