using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>Short statements on pooled connections: each call opens a connection from the data source, runs, and
/// gives it back, so no connection is held across a caller's await of other work.</summary>
internal sealed class Database(NpgsqlDataSource dataSource)
{
    public NpgsqlDataSource DataSource => dataSource;

    public async Task<int> ExecuteAsync(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async Task<T?> QuerySingleAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read, CancellationToken ct)
        where T : class
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        return await reader.ReadAsync(ct).ConfigureAwait(false) ? read(reader) : null;
    }

    public async Task<T> ScalarAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command.Parameters);
        return (T)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    public async Task<List<T>> QueryAsync<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        bind(command.Parameters);
        return await ReadAllAsync(command, read, ct).ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="work"/> in a transaction that commits when it returns <c>commit</c> true and
    /// rolls back otherwise (or when it throws).</summary>
    public async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<(T Result, bool Commit)>> work, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var (result, commit) = await work(connection, transaction).ConfigureAwait(false);
        if (commit) await transaction.CommitAsync(ct).ConfigureAwait(false);
        else await transaction.RollbackAsync(ct).ConfigureAwait(false);
        return result;
    }

    public static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public static async Task<List<T>> QueryAsync<T>(NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection> bind,
        Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return await ReadAllAsync(command, read, ct).ConfigureAwait(false);
    }

    public static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql, Action<NpgsqlParameterCollection> bind, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        bind(command.Parameters);
        return (T)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }

    /// <summary>Holds the drive's lock until the transaction ends: every insertion under limits and every subtree
    /// removal in one drive takes it, so a count and the insert after it are one step for every other process.
    /// Keyed by the root token, so drives never wait for each other (but for a rare hash collision).</summary>
    public static Task LockDriveAsync(NpgsqlConnection connection, string rootToken, CancellationToken ct) =>
        ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@namespace, hashtext(@root))",
            p => p.Int32("namespace", AdvisoryLocks.Drive).Text("root", rootToken), ct);

    private static async Task<List<T>> ReadAllAsync<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false)) rows.Add(read(reader));
        return rows;
    }
}

/// <summary>The first key of every advisory lock Inkport takes (the two-int form), so its locks never meet
/// another application's in the same database.</summary>
internal static class AdvisoryLocks
{
    public const int Migrations = 0x494B_0001;
    public const int Drive = 0x494B_0002;
    public const int Chores = 0x494B_0003;
}
