using Inkport.Core.Identity;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresTokenStore(Database database) : ITokenStore
{
    private const string SelectColumns = "SELECT token, kind, app_id, tenant_key, user_id, issued_at, expires_at, scope FROM access_tokens";

    public Task InsertAsync(AccessToken token, CancellationToken ct) =>
        database.ExecuteAsync("""
            INSERT INTO access_tokens (token, kind, app_id, tenant_key, user_id, issued_at, expires_at, scope)
            VALUES (@token, @kind, @app_id, @tenant_key, @user_id, @issued_at, @expires_at, @scope)
            """, p => p
            .Text("token", token.Token)
            .Text("kind", Columns.Name(token.Kind))
            .Text("app_id", token.AppId)
            .Text("tenant_key", token.TenantKey)
            .Text("user_id", token.UserId)
            .Text("scope", token.Scope)
            .Int64("issued_at", Columns.Time(token.IssuedAt))
            .Int64("expires_at", Columns.Time(token.ExpiresAt)), ct);

    public Task<AccessToken?> FindAsync(string token, CancellationToken ct) =>
        database.QuerySingleAsync($"{SelectColumns} WHERE token = @token", p => p.Text("token", token), Read, ct);

    public Task<AccessToken?> FindLatestAsync(string appId, TokenKind kind, string? userId, CancellationToken ct) =>
        // Two spellings of the user condition, so NULL matches NULL and the index still serves both;
        // seq (insertion order) breaks ties between tokens issued in the same millisecond.
        database.QuerySingleAsync($"""
            {SelectColumns}
            WHERE app_id = @app_id AND kind = @kind AND {(userId is null ? "user_id IS NULL" : "user_id = @user_id")}
            ORDER BY issued_at DESC, seq DESC
            LIMIT 1
            """, p => p.Text("app_id", appId).Text("kind", Columns.Name(kind)).Text("user_id", userId), Read, ct);

    private static AccessToken Read(NpgsqlDataReader row) => new(
        Token: row.GetString(0),
        Kind: Columns.Parse<TokenKind>(row.GetString(1)),
        AppId: row.GetString(2),
        TenantKey: row.GetString(3),
        UserId: row.NullableText(4),
        IssuedAt: Columns.Time(row.GetInt64(5)),
        ExpiresAt: Columns.Time(row.GetInt64(6)))
    {
        Scope = row.NullableText(7),
    };
}
