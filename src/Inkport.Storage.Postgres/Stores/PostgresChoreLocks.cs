using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>Session advisory locks, each on a pooled connection held until release: the database frees the lock
/// when the holder's connection ends, so a killed process never keeps a chore from running elsewhere. Keyed by
/// schema and chore name, so Inkports in different schemas of one database do not exclude each other.</summary>
internal sealed class PostgresChoreLocks(NpgsqlDataSource dataSource) : IChoreLocks
{
    private const string Key = "@namespace, hashtext(current_schema() || '/' || @chore)";

    public async Task<IAsyncDisposable?> TryAcquireAsync(string chore, CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            // A session lock is re-entrant on its connection; a connection per acquisition makes holders exclusive
            // within one process too.
            if (await Database.ScalarAsync<bool>(connection, $"SELECT pg_try_advisory_lock({Key})", p => Bind(p, chore), ct))
                return new Held(connection, chore);
            await connection.DisposeAsync();
            return null;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static void Bind(NpgsqlParameterCollection p, string chore) => p.Int32("namespace", AdvisoryLocks.Chores).Text("chore", chore);

    private sealed class Held(NpgsqlConnection connection, string chore) : IAsyncDisposable
    {
        private int _released;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 1) return;
            try
            {
                await Database.ExecuteAsync(connection, $"SELECT pg_advisory_unlock({Key})", p => Bind(p, chore), CancellationToken.None);
            }
            catch (NpgsqlException)
            {
                // The connection broke: the server has already released the lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
