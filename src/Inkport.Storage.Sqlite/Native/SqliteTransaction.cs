namespace Inkport.Storage.Sqlite.Native;

/// <summary>An open transaction: rolled back on dispose unless committed.</summary>
internal sealed class SqliteTransaction : IDisposable
{
    private readonly SqliteConnection _connection;
    private bool _finished;

    internal SqliteTransaction(SqliteConnection connection, string begin)
    {
        _connection = connection;
        _connection.Execute(begin);
    }

    public void Commit()
    {
        _connection.Execute("COMMIT");
        _finished = true;
    }

    public void Dispose()
    {
        if (_finished) return;
        _finished = true;
        // Some errors (a full disk, an I/O error) make SQLite roll back on its own.
        if (_connection.InTransaction)
            _connection.Execute("ROLLBACK");
    }
}
