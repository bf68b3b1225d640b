using Inkport.Core.Storage;
using Inkport.Storage.Postgres.Migrations;
using Inkport.Storage.Postgres.Stores;
using Npgsql;

namespace Inkport.Storage.Postgres;

/// <summary>The scale-out storage: metadata, the import queue, uploaded bytes and documents in one PostgreSQL
/// database that any number of Inkport processes share. Every promise of the ports holds across processes:
/// claims skip locked rows, drive limits are checked under a per-drive lock, rate windows are rows.</summary>
public sealed class PostgresStorage : IInkportStorage
{
    private readonly NpgsqlDataSource _dataSource;
    private int _disposed;

    private PostgresStorage(NpgsqlDataSource dataSource, string connectionString)
    {
        _dataSource = dataSource;
        var database = new Database(dataSource);
        Blobs = new PostgresBlobStore(database);
        Tokens = new PostgresTokenStore(database);
        Media = new PostgresMediaStore(database);
        Drive = new PostgresDriveStore(database);
        ImportTasks = new PostgresImportTaskStore(database, connectionString);
        Documents = new PostgresDocumentStore(database);
        RateCounters = new PostgresRateCounterStore(database);
        Permissions = new PostgresPermissionStore(database);
        Grants = new PostgresGrantStore(database);
        UploadSessions = new PostgresUploadSessionStore(database);
        Orphans = new PostgresOrphanFinder(database);
        ChoreLocks = new PostgresChoreLocks(dataSource);
    }

    public IBlobStore Blobs { get; }
    public ITokenStore Tokens { get; }
    public IMediaStore Media { get; }
    public IDriveStore Drive { get; }
    public IImportTaskStore ImportTasks { get; }
    public IDocumentStore Documents { get; }
    public IRateCounterStore RateCounters { get; }
    public IPermissionStore Permissions { get; }
    public IGrantStore Grants { get; }
    public IUploadSessionStore UploadSessions { get; }
    public IOrphanFinder Orphans { get; }
    public IChoreLocks ChoreLocks { get; }

    /// <summary>Connects (an Npgsql connection string; its Search Path chooses the schema) and brings the schema up
    /// to date. Safe to call from several processes at once.</summary>
    public static async Task<IInkportStorage> OpenAsync(string connectionString, CancellationToken ct = default)
    {
        connectionString = WithDefaultPoolSize(connectionString);
        var dataSource = NpgsqlDataSource.Create(connectionString);
        try
        {
            await SchemaMigrator.ApplyAsync(dataSource, ct);
            return new PostgresStorage(dataSource, connectionString);
        }
        catch
        {
            await dataSource.DisposeAsync();
            throw;
        }
    }

    /// <summary>Npgsql's default pool (100) times a few processes exceeds PostgreSQL's default max_connections (100):
    /// unless the connection string says otherwise, a process keeps at most <see cref="DefaultMaxPoolSize"/>
    /// connections, and callers beyond them wait for one.</summary>
    public const int DefaultMaxPoolSize = 20;

    private static string WithDefaultPoolSize(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(key => key.Replace(" ", "").ToLowerInvariant() is "maxpoolsize" or "maximumpoolsize");
        return given ? connectionString : new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = DefaultMaxPoolSize }.ConnectionString;
    }

    /// <summary>For the host's composition, which builds services synchronously at start.</summary>
    public static IInkportStorage Open(string connectionString) => OpenAsync(connectionString).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _dataSource.DisposeAsync();
    }
}
