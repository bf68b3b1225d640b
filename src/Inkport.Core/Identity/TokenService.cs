using System.Security.Cryptography;
using System.Text;
using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Identity;

/// <summary>Issues app, tenant and user tokens with Feishu's reuse rule and turns a bearer header into a caller.</summary>
public sealed class TokenService(Identities identities, ITokenStore tokens, TimeProvider clock)
{
    /// <summary>01 §2: a token lives 2 hours.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    /// <summary>01 §2: while at least 30 minutes remain, the same token is returned.</summary>
    public static readonly TimeSpan ReuseWhileRemaining = TimeSpan.FromMinutes(30);

    /// <summary>01 §4 / spec 00 §9: bearer values up to 4 KB are accepted (JWT-like user tokens).</summary>
    public const int MaxBearerLength = 4096;

    /// <summary>The app whose secret matches, or the token endpoint's documented error.</summary>
    public AppCredentials VerifyApp(string? appId, string? appSecret)
    {
        if (string.IsNullOrEmpty(appId) || string.IsNullOrEmpty(appSecret))
            throw FeishuErrors.InvalidParam.With("app_id and app_secret are required strings");
        var app = identities.FindApp(appId) ?? throw FeishuErrors.InvalidParam.With($"app_id {appId} is not a known app");
        if (!SecretsEqual(app.AppSecret, appSecret))
            throw FeishuErrors.WrongAppSecret.Exception();
        return app;
    }

    /// <summary>The token of <paramref name="kind"/> for an app whose secret matches; the current one while it has
    /// 30 minutes left, else a fresh one (the old one stays valid until it expires).</summary>
    public async Task<AccessToken> IssueAsync(TokenKind kind, string? appId, string? appSecret, CancellationToken ct)
    {
        var app = VerifyApp(appId, appSecret);
        var now = clock.GetUtcNow();
        var current = await tokens.FindLatestAsync(app.AppId, kind, null, ct);
        if (current is not null && current.RemainingAt(now) >= ReuseWhileRemaining)
            return current;

        var prefix = kind == TokenKind.App ? "a-" : "t-";
        var issued = new AccessToken(Ids.Ids.AccessToken(prefix), kind, app.AppId, app.TenantKey, null, now, now + Lifetime);
        await tokens.InsertAsync(issued, ct);
        return issued;
    }

    /// <summary>A fresh user token for a user of the app's tenant, carrying the scopes the user granted.</summary>
    public async Task<AccessToken> IssueUserTokenAsync(AppCredentials app, UserAccount user, string scope, CancellationToken ct)
    {
        if (user.TenantKey != app.TenantKey)
            throw new InvalidOperationException($"user {user.UserId} is not in the tenant of {app.AppId}");
        var now = clock.GetUtcNow();
        var issued = new AccessToken(Ids.Ids.AccessToken("u-"), TokenKind.User, app.AppId, app.TenantKey, user.UserId, now, now + Lifetime)
        {
            Scope = scope,
        };
        await tokens.InsertAsync(issued, ct);
        return issued;
    }

    /// <summary>The caller behind an Authorization header, or the documented error (01 §1, §4).</summary>
    public async Task<Caller> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        const string scheme = "Bearer ";
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            throw FeishuErrors.NeedToken.With("send 'Authorization: Bearer <token>' (don't forget the 'Bearer ')");
        var bearer = authorization[scheme.Length..].Trim();
        if (bearer.Length == 0)
            throw FeishuErrors.NeedToken.With("the bearer token is empty");
        if (bearer.Length > MaxBearerLength || bearer.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            throw FeishuErrors.TokenMalformed.Exception();

        var token = await tokens.FindAsync(bearer, ct) ?? throw UnknownToken(bearer);
        if (token.Kind == TokenKind.App)
            throw FeishuErrors.TokenMalformed.With("an app_access_token cannot call this API; use a tenant or user token");
        var now = clock.GetUtcNow();
        if (now >= token.ExpiresAt)
            throw token.Kind == TokenKind.User ? FeishuErrors.UserTokenExpired.Exception() : FeishuErrors.TenantTokenInvalid.With("the token has expired");
        var app = identities.FindApp(token.AppId);
        if (app is null)
            throw FeishuErrors.TenantTokenInvalid.With("the app of this token is no longer configured");
        if (token.UserId is null) return Caller.Bot(app);

        var user = identities.FindUser(token.UserId) ?? throw FeishuErrors.UserTokenInvalid.With("the user of this token no longer exists");
        var granted = (token.Scope ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(app.Scopes.Contains).ToHashSet(StringComparer.Ordinal);
        return new Caller(app.AppId, app.TenantKey, user.UserId, user.OpenId) { Scopes = granted };
    }

    private static FeishuException UnknownToken(string bearer) => bearer switch
    {
        _ when bearer.StartsWith("t-", StringComparison.Ordinal) => FeishuErrors.TenantTokenInvalid.Exception(),
        _ when bearer.StartsWith("u-", StringComparison.Ordinal) || bearer.StartsWith("eyJ", StringComparison.Ordinal) => FeishuErrors.UserTokenInvalid.Exception(),
        _ when bearer.StartsWith("a-", StringComparison.Ordinal) => FeishuErrors.TokenMalformed.With("an app_access_token cannot call this API"),
        _ => FeishuErrors.TokenMalformed.Exception(),
    };

    public static bool SecretsEqual(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
