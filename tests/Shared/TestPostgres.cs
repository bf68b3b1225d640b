using Npgsql;

namespace Inkport.Tests.Shared;

/// <summary>The PostgreSQL the tests run against: the Npgsql connection string in INKPORT_TEST_POSTGRES, which
/// ./test.sh sets after starting a throwaway PostgreSQL 15. Without it the PostgreSQL tests skip with a message,
/// except in CI (CI=true), where a missing database is a failure. Each user gets a schema of its own.</summary>
internal static class TestPostgres
{
    public const string Variable = "INKPORT_TEST_POSTGRES";

    private static string? ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why PostgreSQL tests are skipped here, or null when they run (or must fail, in CI).</summary>
    public static string? SkipReason => ConnectionString is null && !InCi
        ? $"{Variable} is not set: run ./test.sh (it starts a throwaway PostgreSQL 15) or set it to an Npgsql connection string"
        : null;

    private static string Require() => ConnectionString ?? throw new InvalidOperationException(
        $"{Variable} is not set, and CI=true makes that a failure rather than a skip: ./test.sh starts PostgreSQL 15 and sets it");

    /// <summary>Creates an empty schema; returns a connection string whose search path is that schema.</summary>
    public static async Task<TestSchema> CreateSchemaAsync()
    {
        var server = Require();
        var name = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new TestSchema(name, new NpgsqlConnectionStringBuilder(server) { SearchPath = name }.ConnectionString, server);
    }
}

internal sealed record TestSchema(string Name, string ConnectionString, string ServerConnectionString) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Name} CASCADE", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A scalar from a query in this schema, for assertions that look at the tables directly.</summary>
    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

/// <summary>A test that needs PostgreSQL: skipped with the reason when there is none (outside CI).</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute() => Skip = TestPostgres.SkipReason;
}
