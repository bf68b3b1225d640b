using System.Reflection;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Migrations;

/// <summary>Applies the numbered scripts embedded as <c>Migrations/NNNN_name.sql</c>, each once,
/// each in its own transaction together with its row in <c>schema_version</c>.</summary>
internal static class SchemaMigrator
{
    private const string ResourcePrefix = "Migrations/";

    public sealed record Migration(int Version, string Name, string Sql);

    public static IReadOnlyList<Migration> All { get; } = LoadEmbedded();

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

    private static Migration[] LoadEmbedded()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Load(assembly, name))
            .OrderBy(m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"migrations must be numbered 1, 2, 3... without gaps; found {migrations[i].Name}");
        }
        return migrations;
    }

    private static Migration Load(Assembly assembly, string resourceName)
    {
        var name = Path.GetFileNameWithoutExtension(resourceName[ResourcePrefix.Length..]);
        var underscore = name.IndexOf('_');
        if (underscore <= 0 || !int.TryParse(name.AsSpan(0, underscore), out var version))
            throw new InvalidOperationException($"migration {resourceName} is not named NNNN_description.sql");
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        using var reader = new StreamReader(stream);
        return new Migration(version, name, reader.ReadToEnd());
    }
}
