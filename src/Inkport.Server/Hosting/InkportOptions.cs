using Inkport.Core.Identity;

namespace Inkport.Server.Hosting;

/// <summary>The `Inkport` configuration section (appsettings.json, Inkport__* environment variables, command line).</summary>
public sealed class InkportOptions
{
    public const string Section = "Inkport";

    /// <summary>Where the SQLite file and the uploaded bytes live.</summary>
    public string DataDir { get; set; } = "inkport-data";

    /// <summary>Keep nothing: a temporary data folder removed at shutdown.</summary>
    public bool InMemory { get; set; }

    /// <summary>Whether the well-known development app is present (on unless turned off).</summary>
    public bool DevelopmentApp { get; set; } = true;

    /// <summary>Further apps: Inkport:Apps:0:AppId, Inkport:Apps:0:AppSecret, optional TenantKey and Name.</summary>
    public List<AppOptions> Apps { get; set; } = [];

    public ImportWorkerOptions Import { get; set; } = new();

    /// <summary>Feishu's per-endpoint rate limits; off only for load tests of Inkport itself.</summary>
    public bool RateLimits { get; set; } = true;

    public IEnumerable<AppCredentials> AllApps()
    {
        if (DevelopmentApp) yield return AppRegistry.Development;
        foreach (var app in Apps.Where(a => !string.IsNullOrEmpty(a.AppId) && !string.IsNullOrEmpty(a.AppSecret)))
            yield return new AppCredentials(app.AppId!, app.AppSecret!, app.TenantKey ?? $"tenant-{app.AppId}", app.Name ?? app.AppId!);
    }
}

public sealed class AppOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    /// <summary>Apps sharing a tenant key belong to one tenant; by default each app is its own tenant.</summary>
    public string? TenantKey { get; set; }
    public string? Name { get; set; }
}

public sealed class ImportWorkerOptions
{
    /// <summary>Concurrent conversions in this process; 0 means one per core.</summary>
    public int Workers { get; set; }
    public double TimeoutSeconds { get; set; } = 600;
    public double LeaseSeconds { get; set; } = 30;
    /// <summary>How often an idle worker looks for tasks queued by another process.</summary>
    public double PollSeconds { get; set; } = 1;
}
