using Inkport.Core.Identity;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteTokenStore(SqliteDatabase database) : ITokenStore
{
    private const string SelectColumns = "SELECT token, kind, app_id, tenant_key, user_id, issued_at, expires_at, scope FROM access_tokens";

    public Task InsertAsync(AccessToken token, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO access_tokens (token, kind, app_id, tenant_key, user_id, issued_at, expires_at, scope)
            VALUES ($token, $kind, $app_id, $tenant_key, $user_id, $issued_at, $expires_at, $scope)
            """, s => s
            .BindText("$token", token.Token)
            .BindText("$kind", Columns.Name(token.Kind))
            .BindText("$app_id", token.AppId)
            .BindText("$tenant_key", token.TenantKey)
            .BindText("$user_id", token.UserId)
            .BindText("$scope", token.Scope)
            .BindInt64("$issued_at", Columns.Time(token.IssuedAt))
            .BindInt64("$expires_at", Columns.Time(token.ExpiresAt))), ct);

    public Task<AccessToken?> FindAsync(string token, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE token = $token");
            statement.BindText("$token", token);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    public Task<AccessToken?> FindLatestAsync(string appId, TokenKind kind, string? userId, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            // user_id IS $user_id matches NULL to NULL; rowid breaks ties between tokens issued in the same millisecond.
            using var statement = connection.Prepare($"""
                {SelectColumns}
                WHERE app_id = $app_id AND kind = $kind AND user_id IS $user_id
                ORDER BY issued_at DESC, rowid DESC
                LIMIT 1
                """);
            statement.BindText("$app_id", appId).BindText("$kind", Columns.Name(kind)).BindText("$user_id", userId);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    private static AccessToken Read(SqliteStatement row) => new(
        Token: row.GetText(0),
        Kind: Columns.Parse<TokenKind>(row.GetText(1)),
        AppId: row.GetText(2),
        TenantKey: row.GetText(3),
        UserId: row.GetNullableText(4),
        IssuedAt: Columns.Time(row.GetInt64(5)),
        ExpiresAt: Columns.Time(row.GetInt64(6)))
    {
        Scope = row.GetNullableText(7),
    };
}
