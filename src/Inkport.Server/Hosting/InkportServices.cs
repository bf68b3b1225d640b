using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Housekeeping;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Limits;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Postgres;
using Inkport.Storage.Sqlite;
using Inkport.Server.Wire;

namespace Inkport.Server.Hosting;

/// <summary>The composition of Inkport: configuration, storage, domain services and workers.</summary>
public static class InkportServices
{
    /// <summary>Reads Inkport's options, with an appsettings.json beside the data folder taking part
    /// (after the app's own appsettings, before environment variables and the command line).</summary>
    public static InkportOptions AddInkportOptions(this WebApplicationBuilder builder)
    {
        var dataDir = builder.Configuration[$"{InkportOptions.Section}:DataDir"] ?? new InkportOptions().DataDir;
        var beside = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(Path.Combine(dataDir, "appsettings.json")), optional: true, reloadOnChange: false);
        var firstEnv = builder.Configuration.Sources.ToList().FindIndex(s => s is Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationSource);
        builder.Configuration.Sources.Insert(firstEnv < 0 ? builder.Configuration.Sources.Count : firstEnv, beside.Sources[0]);

        var options = builder.Configuration.GetSection(InkportOptions.Section).Get<InkportOptions>() ?? new InkportOptions();
        builder.Services.AddSingleton(options);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
            builder.WebHost.UseUrls(CommandLine.DefaultUrl);
        return options;
    }

    /// <summary>The embedded default, SQLite plus a data folder (or a temporary one with --in-memory), or PostgreSQL
    /// with <c>--storage postgres --connection "..."</c> (Inkport:Storage, ConnectionStrings:Inkport).</summary>
    public static void AddInkportStorage(this WebApplicationBuilder builder, InkportOptions options)
    {
        if (options.Storage == StorageKind.Postgres)
        {
            var connection = builder.Configuration.GetConnectionString("Inkport");
            if (string.IsNullOrWhiteSpace(connection))
                throw new InvalidOperationException(
                    "--storage postgres needs a connection string: --connection \"Host=...;Database=...;Username=...\" (or ConnectionStrings:Inkport)");
            if (options.InMemory)
                throw new InvalidOperationException("--in-memory is a mode of the embedded SQLite storage; it cannot be combined with --storage postgres");
            builder.Services.AddSingleton<IInkportStorage>(_ => PostgresStorage.Open(connection));
            return;
        }
        builder.Services.AddSingleton<IInkportStorage>(_ => options.InMemory
            ? SqliteStorage.OpenTemporary()
            : SqliteStorage.Open(Path.GetFullPath(options.DataDir)));
    }

    public static void AddInkportDomain(this WebApplicationBuilder builder, InkportOptions options)
    {
        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new Identities(options.AllApps(), options.AllUsers()));
        services.AddSingleton(new DriveLimits { TenantQuotaBytes = options.TenantQuotaBytes, MaxChildren = options.Drive.MaxChildren, MaxNodes = options.Drive.MaxNodes });
        services.AddSingleton(s => s.GetRequiredService<IInkportStorage>().Permissions);
        services.AddSingleton<ImportSources>();
        services.AddSingleton<NodeContents>();
        services.AddSingleton(s => s.GetRequiredService<IInkportStorage>().Tokens);
        services.AddSingleton(s => s.GetRequiredService<IInkportStorage>().Drive);
        services.AddSingleton(s => new RateLimiter(s.GetRequiredService<IInkportStorage>().RateCounters, s.GetRequiredService<TimeProvider>(),
            options.RateLimits, options.ParsedRateLimitOverrides()));
        services.AddSingleton<TokenService>();
        services.AddSingleton(s => s.GetRequiredService<IInkportStorage>().Grants);
        services.AddSingleton<OAuthService>();
        services.AddSingleton<MediaUploads>();
        services.AddSingleton<DriveFileUploads>();
        services.AddSingleton(new MultipartOptions { MaxUploadBytes = options.MaxMultipartUploadBytes });
        services.AddSingleton<MultipartUploads>();
        services.AddSingleton(new OrphanOptions { MinimumBlobAge = TimeSpan.FromSeconds(options.Chores.OrphanMinimumAgeSeconds) });
        services.AddSingleton<OrphanedBytes>();
        services.AddSingleton<DriveService>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportSignal>();
        services.AddSingleton<IImportSignal>(s => s.GetRequiredService<ImportSignal>());
        services.AddSingleton<DocxDocuments>();
        services.AddSingleton<SheetDocuments>();
        services.AddSingleton<SheetValues>();
        services.AddSingleton<BitableDocuments>();
        services.AddSingleton(new ImportOptions
        {
            Lease = TimeSpan.FromSeconds(options.Import.LeaseSeconds),
            Timeout = TimeSpan.FromSeconds(options.Import.TimeoutSeconds),
        });
        services.AddSingleton<ImportProcessor>();
        services.AddSingleton<RequireToken>();
    }

    /// <summary>The import workers and the singleton chores, unless this process only serves the API (--role api).</summary>
    public static void AddBackgroundWork(this WebApplicationBuilder builder, InkportOptions options)
    {
        if (!options.Role.Works()) return;
        builder.Services.AddHostedService<ImportWorker>();
        builder.Services.AddHostedService<Chores>();
    }

    /// <summary>Prints where Inkport listens and the development app's credentials, like Azurite's well-known account.</summary>
    public static void PrintBannerOnStart(this WebApplication app, InkportOptions options)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = string.Join(", ", app.Urls);
            Console.WriteLine($"Inkport is listening on {urls}");
            Console.WriteLine(options.Storage == StorageKind.Postgres ? "Data: PostgreSQL"
                : options.InMemory ? "Data: in memory (nothing is kept)" : $"Data: {Path.GetFullPath(options.DataDir)}");
            if (options.Role != ProcessRole.All)
                Console.WriteLine(options.Role == ProcessRole.Api ? "Role: api (no import workers, no chores)" : "Role: worker (imports and chores; only /healthz is served)");
            if (options.DevelopmentApp)
                Console.WriteLine($"Development app: app_id={Identities.DevelopmentApp.AppId} app_secret={Identities.DevelopmentApp.AppSecret}");
            Console.WriteLine($"Try: curl -s -X POST {app.Urls.FirstOrDefault()}/open-apis/auth/v3/tenant_access_token/internal -H 'Content-Type: application/json' -d '{{\"app_id\":\"{Identities.DevelopmentApp.AppId}\",\"app_secret\":\"{Identities.DevelopmentApp.AppSecret}\"}}'");
        });
    }
}
