using SQLitePCL;

namespace Inkport.Storage.Sqlite.Native;

/// <summary>One SQLite connection. Not thread-safe: a caller owns it exclusively while using it
/// (see <see cref="SqliteDatabase"/>), which is why it is opened with SQLITE_OPEN_NOMUTEX.</summary>
internal sealed class SqliteConnection : IDisposable
{
    private static readonly Lazy<bool> Initialized = new(() => { Batteries_V2.Init(); return true; });

    private readonly sqlite3 _db;
    // Statements are prepared once per connection and reused; the SQL text is the key.
    private readonly Dictionary<string, SqliteStatement> _statements = new(StringComparer.Ordinal);

    private SqliteConnection(sqlite3 db) => _db = db;

    internal sqlite3 Handle => _db;

    public static SqliteConnection Open(string path, TimeSpan busyTimeout)
    {
        _ = Initialized.Value;
        var flags = raw.SQLITE_OPEN_READWRITE | raw.SQLITE_OPEN_CREATE | raw.SQLITE_OPEN_NOMUTEX;
        var rc = raw.sqlite3_open_v2(path, out var db, flags, null);
        if (rc != raw.SQLITE_OK)
        {
            var message = db is null ? raw.sqlite3_errstr(rc).utf8_to_string() : raw.sqlite3_errmsg(db).utf8_to_string();
            db?.Dispose();
            throw new SqliteException($"cannot open {path}: {message}", rc);
        }
        var connection = new SqliteConnection(db);
        try
        {
            raw.sqlite3_extended_result_codes(db, 1);
            connection.Check(raw.sqlite3_busy_timeout(db, (int)busyTimeout.TotalMilliseconds));
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs SQL that returns no rows; may hold several statements (a migration script).</summary>
    public void Execute(string sql)
    {
        var rc = raw.sqlite3_exec(_db, sql, null, null, out var error);
        if (rc != raw.SQLITE_OK)
            throw new SqliteException(error ?? ErrorMessage(), rc);
    }

    /// <summary>A cached prepared statement, reset and unbound; dispose it to give it back.</summary>
    public SqliteStatement Prepare(string sql)
    {
        if (!_statements.TryGetValue(sql, out var statement))
        {
            Check(raw.sqlite3_prepare_v2(_db, sql, out var handle));
            statement = new SqliteStatement(this, handle);
            _statements.Add(sql, statement);
        }
        return statement;
    }

    /// <summary>Prepares, binds, runs to completion and returns how many rows changed.</summary>
    public int ExecuteNonQuery(string sql, Action<SqliteStatement>? bind = null)
    {
        using var statement = Prepare(sql);
        bind?.Invoke(statement);
        while (statement.Step()) { }
        return raw.sqlite3_changes(_db);
    }

    public bool InTransaction => raw.sqlite3_get_autocommit(_db) == 0;

    public SqliteTransaction BeginImmediate() => new(this, "BEGIN IMMEDIATE");

    public SqliteTransaction BeginDeferred() => new(this, "BEGIN");

    internal void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            throw new SqliteException(ErrorMessage(), rc);
    }

    internal string ErrorMessage() => raw.sqlite3_errmsg(_db).utf8_to_string();

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
            statement.FinalizeHandle();
        _statements.Clear();
        raw.sqlite3_close_v2(_db);
        _db.Dispose();
    }
}
