using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Migrations;

/// <summary>Applies the numbered scripts embedded as <c>Migrations/NNNN_name.sql</c>, each once,
/// each in its own transaction together with its row in <c>schema_version</c>.</summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "Migrations/";

    public static IReadOnlyList<Migration> All { get; } = NumberedMigrations.LoadEmbedded(typeof(SchemaMigrator).Assembly, ResourcePrefix);

    public static void Apply(SqliteConnection connection)
    {
        connection.Execute("""
            CREATE TABLE IF NOT EXISTS schema_version (
                version     INTEGER NOT NULL PRIMARY KEY,
                name        TEXT    NOT NULL,
                applied_at  INTEGER NOT NULL
            )
            """);
        foreach (var migration in All)
        {
            // IMMEDIATE takes the write lock before reading the version, so two processes
            // opening the same file at once cannot both apply a script.
            using var transaction = connection.BeginImmediate();
            if (IsApplied(connection, migration.Version))
                continue;
            connection.Execute(migration.Sql);
            connection.ExecuteNonQuery(
                "INSERT INTO schema_version (version, name, applied_at) VALUES ($version, $name, CAST(strftime('%s', 'now') AS INTEGER) * 1000)",
                s => s.BindInt64("$version", migration.Version).BindText("$name", migration.Name));
            transaction.Commit();
        }
    }

    private static bool IsApplied(SqliteConnection connection, int version)
    {
        using var statement = connection.Prepare("SELECT 1 FROM schema_version WHERE version = $version");
        statement.BindInt64("$version", version);
        return statement.Step();
    }
}
