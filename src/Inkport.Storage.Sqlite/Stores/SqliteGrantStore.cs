using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteGrantStore(SqliteDatabase database) : IGrantStore
{
    public Task InsertAsync(OAuthGrant grant, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO oauth_grants (code, kind, app_id, user_id, redirect_uri, code_challenge, code_challenge_method, scope, issued_at, expires_at, used_at)
            VALUES ($code, $kind, $app_id, $user_id, $redirect_uri, $challenge, $method, $scope, $issued_at, $expires_at, $used_at)
            """, s => s.BindText("$code", grant.Code).BindText("$kind", Columns.Name(grant.Kind)).BindText("$app_id", grant.AppId)
                .BindText("$user_id", grant.UserId).BindText("$redirect_uri", grant.RedirectUri).BindText("$challenge", grant.CodeChallenge)
                .BindText("$method", grant.CodeChallengeMethod).BindText("$scope", grant.Scope)
                .BindInt64("$issued_at", Columns.Time(grant.IssuedAt)).BindInt64("$expires_at", Columns.Time(grant.ExpiresAt))
                .BindInt64("$used_at", Columns.Time(grant.UsedAt))), ct);

    public Task<OAuthGrant?> FindAsync(string code, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare("""
                SELECT code, kind, app_id, user_id, redirect_uri, code_challenge, code_challenge_method, scope, issued_at, expires_at, used_at
                FROM oauth_grants WHERE code = $code
                """);
            statement.BindText("$code", code);
            if (!statement.Step()) return null;
            return new OAuthGrant(statement.GetText(0), Columns.Parse<OAuthGrantKind>(statement.GetText(1)), statement.GetText(2),
                statement.GetText(3), statement.GetText(4), statement.GetNullableText(5), statement.GetNullableText(6), statement.GetText(7),
                Columns.Time(statement.GetInt64(8)), Columns.Time(statement.GetInt64(9)))
            {
                UsedAt = Columns.Time(statement.GetNullableInt64(10)),
            };
        }, ct);

    public Task<bool> TryConsumeAsync(string code, DateTimeOffset now, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery(
            "UPDATE oauth_grants SET used_at = $now WHERE code = $code AND used_at IS NULL",
            s => s.BindText("$code", code).BindInt64("$now", Columns.Time(now))) == 1, ct);
}
