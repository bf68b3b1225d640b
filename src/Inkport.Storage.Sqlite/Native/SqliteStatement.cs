using SQLitePCL;

namespace Inkport.Storage.Sqlite.Native;

/// <summary>A prepared statement owned by its connection. Parameters are named (<c>$name</c>);
/// columns are read by index. Dispose resets it for the next use instead of finalizing it.</summary>
internal sealed class SqliteStatement : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _handle;
    // The statement is cached and reused: its parameters are looked up once, not marshalled per bind.
    private readonly Dictionary<string, int> _parameterIndexes = new(StringComparer.Ordinal);

    internal SqliteStatement(SqliteConnection connection, sqlite3_stmt handle)
    {
        _connection = connection;
        _handle = handle;
    }

    public SqliteStatement BindText(string name, string? value) =>
        value is null ? BindNull(name) : Bind(raw.sqlite3_bind_text(_handle, Index(name), value));

    public SqliteStatement BindInt64(string name, long value) => Bind(raw.sqlite3_bind_int64(_handle, Index(name), value));

    public SqliteStatement BindInt64(string name, long? value) => value is null ? BindNull(name) : BindInt64(name, value.Value);

    public SqliteStatement BindDouble(string name, double value) => Bind(raw.sqlite3_bind_double(_handle, Index(name), value));

    public SqliteStatement BindBlob(string name, ReadOnlySpan<byte> value) => Bind(raw.sqlite3_bind_blob(_handle, Index(name), value));

    public SqliteStatement BindNull(string name) => Bind(raw.sqlite3_bind_null(_handle, Index(name)));

    /// <summary>Advances to the next row: true when there is one, false when the statement is done.</summary>
    public bool Step()
    {
        var rc = raw.sqlite3_step(_handle);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        // The error of a failed step is reported again by reset; reset here so the statement is reusable.
        var message = _connection.ErrorMessage();
        raw.sqlite3_reset(_handle);
        throw new SqliteException(message, rc);
    }

    public bool IsNull(int column) => raw.sqlite3_column_type(_handle, column) == raw.SQLITE_NULL;

    public string GetText(int column) => raw.sqlite3_column_text(_handle, column).utf8_to_string() ?? "";

    public string? GetNullableText(int column) => IsNull(column) ? null : GetText(column);

    public long GetInt64(int column) => raw.sqlite3_column_int64(_handle, column);

    public long? GetNullableInt64(int column) => IsNull(column) ? null : GetInt64(column);

    public double GetDouble(int column) => raw.sqlite3_column_double(_handle, column);

    public byte[] GetBlob(int column) => raw.sqlite3_column_blob(_handle, column).ToArray();

    private int Index(string name)
    {
        if (_parameterIndexes.TryGetValue(name, out var index)) return index;
        index = raw.sqlite3_bind_parameter_index(_handle, name);
        if (index == 0)
            throw new ArgumentException($"the statement has no parameter {name}", nameof(name));
        _parameterIndexes.Add(name, index);
        return index;
    }

    private SqliteStatement Bind(int rc)
    {
        _connection.Check(rc);
        return this;
    }

    /// <summary>Makes a run statement ready to run again with the bindings it has: a loop of inserts binds
    /// only what changes between rows.</summary>
    public void Reset() => raw.sqlite3_reset(_handle);

    public void Dispose()
    {
        raw.sqlite3_reset(_handle);
        raw.sqlite3_clear_bindings(_handle);
    }

    internal void FinalizeHandle() => _handle.Dispose();
}
