using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Migrations;
using Inkport.Storage.Sqlite.Native;
using Inkport.Storage.Sqlite.Stores;

namespace Inkport.Storage.Sqlite;

/// <summary>The embedded default storage: metadata in <c>inkport.db</c> (SQLite, WAL) and bytes in
/// <c>blobs/</c>, both inside one data folder that one process owns at a time.</summary>
public sealed class SqliteStorage : IInkportStorage
{
    public const string DatabaseFileName = "inkport.db";
    private const string LockFileName = "inkport.lock";

    private readonly SqliteDatabase _database;
    private readonly FileStream _folderLock;
    private readonly string? _deleteOnDispose;
    private int _disposed;

    private SqliteStorage(string dataDirectory, FileStream folderLock, SqliteDatabase database, string? deleteOnDispose)
    {
        DataDirectory = dataDirectory;
        _folderLock = folderLock;
        _database = database;
        _deleteOnDispose = deleteOnDispose;
        var blobs = new FileBlobStore(Path.Combine(dataDirectory, "blobs"));
        Blobs = blobs;
        Tokens = new SqliteTokenStore(database);
        Media = new SqliteMediaStore(database);
        Drive = new SqliteDriveStore(database);
        ImportTasks = new SqliteImportTaskStore(database);
        Documents = new SqliteDocumentStore(database);
        RateCounters = new InProcessRateCounterStore();
        Permissions = new SqlitePermissionStore(database);
        Grants = new SqliteGrantStore(database);
        UploadSessions = new SqliteUploadSessionStore(database);
        Orphans = new SqliteOrphanFinder(database, blobs);
        ChoreLocks = new InProcessChoreLocks();
    }

    public string DataDirectory { get; }
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

    /// <summary>Opens (creating if needed) the data folder and its database, and brings the schema up to date.
    /// Throws <see cref="IOException"/> when another storage, in this or another process, has it open.</summary>
    public static IInkportStorage Open(string dataDirectory) => OpenCore(Path.GetFullPath(dataDirectory), deleteOnDispose: false);

    /// <summary>Storage for <c>--in-memory</c> mode. "Keeps nothing" is realised as a fresh folder under the
    /// system temp directory, deleted on dispose: the code path is the real one, and large blobs go to disk
    /// rather than into memory.</summary>
    public static IInkportStorage OpenTemporary()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"inkport-{Guid.NewGuid():N}");
        return OpenCore(directory, deleteOnDispose: true);
    }

    private static SqliteStorage OpenCore(string dataDirectory, bool deleteOnDispose)
    {
        Directory.CreateDirectory(dataDirectory);
        // On Unix .NET maps FileShare.None to an advisory flock, so this also excludes other processes.
        var folderLock = new FileStream(Path.Combine(dataDirectory, LockFileName), FileMode.OpenOrCreate,
            FileAccess.ReadWrite, FileShare.None);
        SqliteDatabase? database = null;
        try
        {
            database = SqliteDatabase.Open(Path.Combine(dataDirectory, DatabaseFileName));
            database.WriteAsync(SchemaMigrator.Apply, CancellationToken.None).GetAwaiter().GetResult();
            return new SqliteStorage(dataDirectory, folderLock, database, deleteOnDispose ? dataDirectory : null);
        }
        catch
        {
            database?.Dispose();
            folderLock.Dispose();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return ValueTask.CompletedTask;
        _database.Dispose();
        _folderLock.Dispose();
        if (_deleteOnDispose is not null)
            Directory.Delete(_deleteOnDispose, recursive: true);
        return ValueTask.CompletedTask;
    }
}
