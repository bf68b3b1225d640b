using Inkport.Core.Storage;
using Inkport.Storage.Postgres.Stores;
using Npgsql;

namespace Inkport.Storage.Postgres.Migrations;

/// <summary>Applies the numbered scripts embedded as <c>Migrations/NNNN_name.sql</c>, each once, each in its own
/// transaction together with its row in <c>schema_version</c>. Processes starting together queue on an advisory
/// lock (per schema), so exactly one applies a script and the others find it applied.</summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "Migrations/";

    public static IReadOnlyList<Migration> All { get; } = NumberedMigrations.LoadEmbedded(typeof(SchemaMigrator).Assembly, ResourcePrefix);

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        const string lockKey = "@namespace, hashtext(current_schema())";
        await Database.ExecuteAsync(connection, $"SELECT pg_advisory_lock({lockKey})", p => p.Int32("namespace", AdvisoryLocks.Migrations), ct);
        try
        {
            await Database.ExecuteAsync(connection, """
                CREATE TABLE IF NOT EXISTS schema_version (
                    version     integer     NOT NULL PRIMARY KEY,
                    name        text        NOT NULL,
                    applied_at  timestamptz NOT NULL DEFAULT now()
                )
                """, _ => { }, ct);
            var applied = (await Database.QueryAsync(connection, "SELECT version FROM schema_version", _ => { }, r => r.GetInt32(0), ct)).ToHashSet();
            foreach (var migration in All.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(ct);
                await Database.ExecuteAsync(connection, migration.Sql, _ => { }, ct);
                await Database.ExecuteAsync(connection, "INSERT INTO schema_version (version, name) VALUES (@version, @name)",
                    p => p.Int32("version", migration.Version).Text("name", migration.Name), ct);
                await transaction.CommitAsync(ct);
            }
        }
        finally
        {
            await Database.ExecuteAsync(connection, $"SELECT pg_advisory_unlock({lockKey})", p => p.Int32("namespace", AdvisoryLocks.Migrations), CancellationToken.None);
        }
    }
}
