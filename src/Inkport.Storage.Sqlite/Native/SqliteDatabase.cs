using System.Collections.Concurrent;

namespace Inkport.Storage.Sqlite.Native;

/// <summary>The connections of one database file, safe for many concurrent async callers.
/// Writes go through a single writer connection guarded by a semaphore: SQLite allows one writer
/// at a time anyway, and queueing in-process is cheaper and fairer than spinning on SQLITE_BUSY.
/// Reads take a connection from a pool; in WAL mode they never wait for the writer.
/// The work passed in is synchronous (SQLite calls are short), so no lock is held across an await.</summary>
internal sealed class SqliteDatabase : IDisposable
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);
    private const int MaxIdleReaders = 8;

    private readonly string _path;
    private readonly SqliteConnection _writer;
    private readonly SemaphoreSlim _writerGate = new(1, 1);
    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private bool _disposed;

    private SqliteDatabase(string path, SqliteConnection writer)
    {
        _path = path;
        _writer = writer;
    }

    public static SqliteDatabase Open(string path)
    {
        var writer = SqliteConnection.Open(path, BusyTimeout);
        try
        {
            // journal_mode is persistent in the file; synchronous, foreign_keys and the checkpoint interval are per
            // connection. A checkpoint every 64 MB of WAL, not every 4 MB: an import writes tens of megabytes of parts,
            // and each checkpoint copies and syncs the database file (docs/performance.md).
            writer.Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA wal_autocheckpoint=16384;");
            return new SqliteDatabase(path, writer);
        }
        catch
        {
            writer.Dispose();
            throw;
        }
    }

    public async Task<T> WriteAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        await _writerGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work(_writer);
        }
        finally
        {
            _writerGate.Release();
        }
    }

    public async Task WriteAsync(Action<SqliteConnection> work, CancellationToken ct) =>
        await WriteAsync(connection => { work(connection); return true; }, ct).ConfigureAwait(false);

    public Task<T> ReadAsync<T>(Func<SqliteConnection, T> work, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ObjectDisposedException.ThrowIf(_disposed, this);
        var reader = RentReader();
        try
        {
            return Task.FromResult(work(reader));
        }
        finally
        {
            ReturnReader(reader);
        }
    }

    private SqliteConnection RentReader()
    {
        if (_idleReaders.TryTake(out var reader))
            return reader;
        reader = SqliteConnection.Open(_path, BusyTimeout);
        try
        {
            reader.Execute("PRAGMA query_only=ON; PRAGMA foreign_keys=ON;");
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    private void ReturnReader(SqliteConnection reader)
    {
        if (_disposed || _idleReaders.Count >= MaxIdleReaders)
            reader.Dispose();
        else
            _idleReaders.Add(reader);
    }

    /// <summary>Closes every connection. Callers must have stopped using the database.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _writerGate.Wait();
        try
        {
            while (_idleReaders.TryTake(out var reader))
                reader.Dispose();
            _writer.Dispose();
        }
        finally
        {
            _writerGate.Release();
        }
    }
}
