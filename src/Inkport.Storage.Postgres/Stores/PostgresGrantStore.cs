using Inkport.Core.Storage;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresGrantStore(Database database) : IGrantStore
{
    public Task InsertAsync(OAuthGrant grant, CancellationToken ct) =>
        database.ExecuteAsync("""
            INSERT INTO oauth_grants (code, kind, app_id, user_id, redirect_uri, code_challenge, code_challenge_method, scope, issued_at, expires_at, used_at)
            VALUES (@code, @kind, @app_id, @user_id, @redirect_uri, @challenge, @method, @scope, @issued_at, @expires_at, @used_at)
            """, p => p.Text("code", grant.Code).Text("kind", Columns.Name(grant.Kind)).Text("app_id", grant.AppId)
                .Text("user_id", grant.UserId).Text("redirect_uri", grant.RedirectUri).Text("challenge", grant.CodeChallenge)
                .Text("method", grant.CodeChallengeMethod).Text("scope", grant.Scope)
                .Int64("issued_at", Columns.Time(grant.IssuedAt)).Int64("expires_at", Columns.Time(grant.ExpiresAt))
                .Int64("used_at", Columns.Time(grant.UsedAt)), ct);

    public Task<OAuthGrant?> FindAsync(string code, CancellationToken ct) =>
        database.QuerySingleAsync("""
            SELECT code, kind, app_id, user_id, redirect_uri, code_challenge, code_challenge_method, scope, issued_at, expires_at, used_at
            FROM oauth_grants WHERE code = @code
            """, p => p.Text("code", code), row => new OAuthGrant(row.GetString(0), Columns.Parse<OAuthGrantKind>(row.GetString(1)),
            row.GetString(2), row.GetString(3), row.GetString(4), row.NullableText(5), row.NullableText(6), row.GetString(7),
            Columns.Time(row.GetInt64(8)), Columns.Time(row.GetInt64(9)))
        {
            UsedAt = row.NullableInt64(10) is { } used ? Columns.Time(used) : null,
        }, ct);

    public async Task<bool> TryConsumeAsync(string code, DateTimeOffset now, CancellationToken ct) =>
        await database.ExecuteAsync("UPDATE oauth_grants SET used_at = @now WHERE code = @code AND used_at IS NULL",
            p => p.Text("code", code).Int64("now", Columns.Time(now)), ct) == 1;
}
