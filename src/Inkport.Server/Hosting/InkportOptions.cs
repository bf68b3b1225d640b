using Inkport.Core.Identity;
using Inkport.Core.Limits;

namespace Inkport.Server.Hosting;

/// <summary>The `Inkport` configuration section (appsettings.json, Inkport__* environment variables, command line).</summary>
public sealed class InkportOptions
{
    public const string Section = "Inkport";

    /// <summary>Where metadata, queue and bytes live: the embedded SQLite default, or PostgreSQL (ConnectionStrings:Inkport)
    /// for any number of processes sharing one database.</summary>
    public StorageKind Storage { get; set; } = StorageKind.Sqlite;

    /// <summary>What this process does: serve the API, work the import queue and the chores, or both.</summary>
    public ProcessRole Role { get; set; } = ProcessRole.All;

    /// <summary>Where the SQLite file and the uploaded bytes live.</summary>
    public string DataDir { get; set; } = "inkport-data";

    /// <summary>Keep nothing: a temporary data folder removed at shutdown.</summary>
    public bool InMemory { get; set; }

    /// <summary>Whether the well-known development app is present (on unless turned off).</summary>
    public bool DevelopmentApp { get; set; } = true;

    /// <summary>Further apps: Inkport:Apps:0:AppId, Inkport:Apps:0:AppSecret, optional TenantKey and Name.</summary>
    public List<AppOptions> Apps { get; set; } = [];

    public ImportWorkerOptions Import { get; set; } = new();

    public ChoreOptions Chores { get; set; } = new();

    /// <summary>Seeded users: Inkport:Users:0:UserId, Name, Email, TenantKey, Password.</summary>
    public List<UserOptions> Users { get; set; } = [];

    /// <summary>Feishu's per-endpoint rate limits (`--no-rate-limits` turns them off for local development).</summary>
    public bool RateLimits { get; set; } = true;

    /// <summary>Other windows for an endpoint, e.g. Inkport:RateLimitOverrides:import_tasks.create = "500/min";
    /// several windows are separated by commas ("1000/min,50/s").</summary>
    public Dictionary<string, string> RateLimitOverrides { get; set; } = [];

    public IReadOnlyDictionary<string, RateWindow[]> ParsedRateLimitOverrides() =>
        RateLimitOverrides.ToDictionary(o => o.Key, o => o.Value.Split(',').Select(RateWindow.Parse).ToArray());

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

public enum StorageKind
{
    /// <summary>SQLite file plus a blob folder; one process per data folder.</summary>
    Sqlite,
    /// <summary>One PostgreSQL database shared by any number of processes.</summary>
    Postgres,
}

public enum ProcessRole
{
    /// <summary>Serves the API and works the import queue and the chores.</summary>
    All,
    /// <summary>Serves the API only: no import workers, no chores.</summary>
    Api,
    /// <summary>Works the import queue and the chores; serves /healthz only.</summary>
    Worker,
}

public static class ProcessRoles
{
    public static bool ServesApi(this ProcessRole role) => role != ProcessRole.Worker;
    public static bool Works(this ProcessRole role) => role != ProcessRole.Api;
}

public sealed class ChoreOptions
{
    /// <summary>Pause between runs of the singleton chores (expired uploads, orphaned bytes).</summary>
    public double IntervalSeconds { get; set; } = 300;
    /// <summary>How old an unnamed blob must be before the orphan chore removes it.</summary>
    public double OrphanMinimumAgeSeconds { get; set; } = 3600;
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
