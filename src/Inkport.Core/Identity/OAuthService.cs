using System.Security.Cryptography;
using System.Text;
using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Identity;

/// <summary>What the authorize page asks for (01 §3.1 step 1).</summary>
public sealed record AuthorizeRequest(string? ClientId, string? RedirectUri, string? Scope, string? State, string? CodeChallenge, string? CodeChallengeMethod);

/// <summary>The body of `POST /authen/v2/oauth/token` (01 §3.1 steps 2–3).</summary>
public sealed record TokenRequest(string? GrantType, string? ClientId, string? ClientSecret, string? Code, string? RedirectUri,
    string? CodeVerifier, string? RefreshToken, string? Scope);

public sealed record UserTokenGrant(AccessToken AccessToken, string? RefreshToken, TimeSpan? RefreshExpiresIn, string Scope);

/// <summary>The OAuth 2.0 user flow: a seeded user signs in on the authorize page and the app exchanges the code
/// (PKCE supported) for a user token; refresh tokens are single-use. Codes live 5 minutes, refresh tokens 7 days.</summary>
public sealed class OAuthService(Identities identities, TokenService tokens, IGrantStore grants, TimeProvider clock)
{
    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan RefreshLifetime = TimeSpan.FromDays(7);
    public const string OfflineAccess = "offline_access";

    /// <summary>The app and its checked redirect URI, or why the authorize page must refuse (it never redirects then).</summary>
    public (AppCredentials App, string RedirectUri) ValidateAuthorize(AuthorizeRequest request)
    {
        var app = identities.FindApp(request.ClientId ?? "") ?? throw FeishuErrors.OAuthAppNotFound.With("client_id is not a known app");
        var redirect = request.RedirectUri ?? throw FeishuErrors.OAuthMissingParameter.With("redirect_uri is required");
        var allowed = app.RedirectUris.Count == 0
            ? Uri.TryCreate(redirect, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            : app.RedirectUris.Contains(redirect);
        if (!allowed) throw FeishuErrors.OAuthRedirectMismatch.With("redirect_uri is not registered for this app");
        if (request.CodeChallenge is not null && request.CodeChallengeMethod is not (null or "S256" or "plain"))
            throw FeishuErrors.OAuthMalformed.With("code_challenge_method must be S256 or plain");
        return (app, redirect);
    }

    /// <summary>The seeded users who can sign in to the app (its tenant's users).</summary>
    public IEnumerable<UserAccount> UsersFor(AppCredentials app) => identities.UsersOf(app.TenantKey);

    /// <summary>Signs a user in and returns the one-time authorization code.</summary>
    public async Task<string> SignInAsync(AuthorizeRequest request, string? userId, string? password, CancellationToken ct)
    {
        var (app, redirect) = ValidateAuthorize(request);
        var user = identities.FindUser(userId ?? "");
        if (user is null || user.TenantKey != app.TenantKey || !TokenService.SecretsEqual(user.Password, password ?? ""))
            throw FeishuErrors.OAuthUserNotFound.With("unknown user or wrong password");
        var scope = NormalizeScope(request.Scope, app);
        var now = clock.GetUtcNow();
        var code = Ids.Ids.Token() + Ids.Ids.Token();
        await grants.InsertAsync(new OAuthGrant(code, OAuthGrantKind.AuthorizationCode, app.AppId, user.UserId, redirect,
            request.CodeChallenge, request.CodeChallenge is null ? null : request.CodeChallengeMethod ?? "plain", scope, now, now + CodeLifetime), ct);
        return code;
    }

    public async Task<UserTokenGrant> ExchangeAsync(TokenRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.GrantType) || string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.ClientSecret))
            throw FeishuErrors.OAuthMissingParameter.With("grant_type, client_id and client_secret are required");
        var app = identities.FindApp(request.ClientId) ?? throw FeishuErrors.OAuthAppNotFound.With("client_id is not a known app");
        if (!TokenService.SecretsEqual(app.AppSecret, request.ClientSecret)) throw FeishuErrors.OAuthInvalidClientSecret.Exception();
        return request.GrantType switch
        {
            "authorization_code" => await RedeemCodeAsync(app, request, ct),
            "refresh_token" => await RedeemRefreshAsync(app, request, ct),
            _ => throw FeishuErrors.OAuthGrantTypeUnsupported.With($"grant_type {request.GrantType} is not supported"),
        };
    }

    private async Task<UserTokenGrant> RedeemCodeAsync(AppCredentials app, TokenRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.Code)) throw FeishuErrors.OAuthMissingParameter.With("code is required");
        var grant = await grants.FindAsync(request.Code, ct);
        if (grant is not { Kind: OAuthGrantKind.AuthorizationCode }) throw FeishuErrors.OAuthCodeNotFound.Exception();
        if (grant.AppId != app.AppId) throw FeishuErrors.OAuthClientMismatch.Exception();
        if (grant.UsedAt is not null) throw FeishuErrors.OAuthCodeUsed.Exception();
        var now = clock.GetUtcNow();
        if (now >= grant.ExpiresAt) throw FeishuErrors.OAuthCodeExpired.Exception();
        if (request.RedirectUri is not null && request.RedirectUri != grant.RedirectUri) throw FeishuErrors.OAuthRedirectMismatch.Exception();
        if (grant.CodeChallenge is not null && !PkceMatches(grant, request.CodeVerifier)) throw FeishuErrors.OAuthPkceFailed.Exception();
        var scope = Narrow(grant.Scope, request.Scope);
        if (!await grants.TryConsumeAsync(grant.Code, now, ct)) throw FeishuErrors.OAuthCodeUsed.Exception();
        return await IssueAsync(app, grant.UserId, scope, ct);
    }

    private async Task<UserTokenGrant> RedeemRefreshAsync(AppCredentials app, TokenRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.RefreshToken)) throw FeishuErrors.OAuthMissingParameter.With("refresh_token is required");
        var grant = await grants.FindAsync(request.RefreshToken, ct);
        if (grant is not { Kind: OAuthGrantKind.RefreshToken }) throw FeishuErrors.OAuthRefreshInvalid.Exception();
        if (grant.AppId != app.AppId) throw FeishuErrors.OAuthClientMismatch.Exception();
        if (grant.UsedAt is not null) throw FeishuErrors.OAuthRefreshUsed.Exception();
        var now = clock.GetUtcNow();
        if (now >= grant.ExpiresAt) throw FeishuErrors.OAuthRefreshExpired.Exception();
        var scope = Narrow(grant.Scope, request.Scope);
        if (!await grants.TryConsumeAsync(grant.Code, now, ct)) throw FeishuErrors.OAuthRefreshUsed.Exception();
        return await IssueAsync(app, grant.UserId, scope, ct);
    }

    /// <summary>A user token for a seeded user without the browser (Inkport's development shortcut).</summary>
    public async Task<UserTokenGrant> IssueForUserAsync(AppCredentials app, string userId, string? scope, CancellationToken ct)
    {
        var user = identities.FindUser(userId);
        if (user is null || user.TenantKey != app.TenantKey) throw FeishuErrors.OAuthUserNotFound.With($"no user {userId} in the app's tenant");
        return await IssueAsync(app, user.UserId, NormalizeScope(scope, app), ct);
    }

    private async Task<UserTokenGrant> IssueAsync(AppCredentials app, string userId, string scope, CancellationToken ct)
    {
        var user = identities.FindUser(userId) ?? throw FeishuErrors.OAuthUserNotFound.Exception();
        var access = await tokens.IssueUserTokenAsync(app, user, scope, ct);
        if (!scope.Split(' ').Contains(OfflineAccess)) return new UserTokenGrant(access, null, null, scope);
        var now = clock.GetUtcNow();
        var refresh = "ur-" + Ids.Ids.Token() + Ids.Ids.Token();
        await grants.InsertAsync(new OAuthGrant(refresh, OAuthGrantKind.RefreshToken, app.AppId, userId, "", null, null, scope, now, now + RefreshLifetime), ct);
        return new UserTokenGrant(access, refresh, RefreshLifetime, scope);
    }

    /// <summary>Requested scopes, checked against the app's; absent means all the app has.</summary>
    private static string NormalizeScope(string? requested, AppCredentials app)
    {
        if (string.IsNullOrWhiteSpace(requested)) return string.Join(' ', app.Scopes.Order(StringComparer.Ordinal));
        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Distinct().Count() != scopes.Length) throw FeishuErrors.OAuthDuplicateScope.Exception();
        if (scopes.FirstOrDefault(s => !app.Scopes.Contains(s)) is { } missing) throw FeishuErrors.OAuthScopeNotGranted.With($"the app has no scope {missing}");
        return string.Join(' ', scopes);
    }

    /// <summary>01 §3.1: `scope` on the token request narrows the granted scopes (20067 duplicates, 20068 not granted).</summary>
    private static string Narrow(string granted, string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return granted;
        var have = granted.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var scopes = requested.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (scopes.Distinct().Count() != scopes.Length) throw FeishuErrors.OAuthDuplicateScope.Exception();
        if (scopes.FirstOrDefault(s => !have.Contains(s)) is { } missing) throw FeishuErrors.OAuthScopeNotGranted.With($"{missing} was not granted");
        return string.Join(' ', scopes);
    }

    /// <summary>RFC 7636: S256 compares BASE64URL(SHA256(verifier)); plain compares the verifier itself.</summary>
    private static bool PkceMatches(OAuthGrant grant, string? verifier)
    {
        if (verifier is null || verifier.Length is < 43 or > 128 || !verifier.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            return false;
        var expected = grant.CodeChallengeMethod == "S256"
            ? Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_')
            : verifier;
        return TokenService.SecretsEqual(grant.CodeChallenge!, expected);
    }
}
