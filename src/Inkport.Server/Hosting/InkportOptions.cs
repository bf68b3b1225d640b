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

    /// <summary>Seeded users: Inkport:Users:0:UserId, Name, Email, TenantKey, Password.</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>Feishu's per-endpoint rate limits (`--no-rate-limits` turns them off for local development).</summary>
    public bool RateLimits { get; set; } = true;

    /// <summary>Bytes one tenant may store in uploads and drive files; 0 = unlimited.</summary>
    public long TenantQuotaBytes { get; set; }

    /// <summary>Drive tree limits (spec/04 §6); Feishu's numbers unless configured.</summary>
    public DriveOptions Drive { get; set; } = new();

    /// <summary>Largest multipart upload (drive files, document media); import sources are bounded by the import limits.</summary>
    public long MaxMultipartUploadBytes { get; set; } = new Core.Media.MultipartOptions().MaxUploadBytes;

    public IEnumerable<AppCredentials> AllApps()
    {
        if (DevelopmentApp) yield return Identities.DevelopmentApp;
        foreach (var app in Apps.Where(a => !string.IsNullOrEmpty(a.AppId) && !string.IsNullOrEmpty(a.AppSecret)))
            yield return new AppCredentials(app.AppId!, app.AppSecret!, app.TenantKey ?? $"tenant-{app.AppId}", app.Name ?? app.AppId!)
            {
                Scopes = app.Scopes is { Count: > 0 } scopes ? scopes.ToHashSet(StringComparer.Ordinal) : Scopes.All,
                RedirectUris = app.RedirectUris,
            };
    }

    public IEnumerable<UserAccount> AllUsers()
    {
        if (DevelopmentApp) yield return Identities.DevelopmentUser;
        foreach (var user in Users.Where(u => !string.IsNullOrEmpty(u.UserId) && !string.IsNullOrEmpty(u.TenantKey)))
            yield return new UserAccount(user.UserId!, user.Name ?? user.UserId!, user.Email ?? $"{user.UserId}@inkport.local", user.TenantKey!, user.Password ?? "");
    }
}

public sealed class DriveOptions
{
    public int MaxChildren { get; set; } = 1_500;
    public int MaxNodes { get; set; } = 400_000;
}

public sealed class UserOptions
{
    public string? UserId { get; set; }
    public string? Name { get; set; }
    public string? Email { get; set; }
    public string? TenantKey { get; set; }
    public string? Password { get; set; }
}

public sealed class AppOptions
{
    public string? AppId { get; set; }
    public string? AppSecret { get; set; }
    /// <summary>Apps sharing a tenant key belong to one tenant; by default each app is its own tenant.</summary>
    public string? TenantKey { get; set; }
    public string? Name { get; set; }
    /// <summary>Granted API scopes; empty = every scope Inkport knows.</summary>
    public List<string> Scopes { get; set; } = [];
    public List<string> RedirectUris { get; set; } = [];
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
