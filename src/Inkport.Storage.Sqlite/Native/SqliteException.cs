namespace Inkport.Storage.Sqlite.Native;

/// <summary>A SQLite call failed; carries SQLite's own message and (extended) result code.</summary>
public sealed class SqliteException(string message, int resultCode) : Exception(message)
{
    public int ResultCode { get; } = resultCode;
}
