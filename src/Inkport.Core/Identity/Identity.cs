using System.Security.Cryptography;
using System.Text;

namespace Inkport.Core.Identity;

/// <summary>A self-built app as configured: it lives in one tenant and acts through its bot, which has an open_id.
/// <see cref="Scopes"/> are the API scopes the app has been granted (spec/01 §5).</summary>
public sealed record AppCredentials(string AppId, string AppSecret, string TenantKey, string Name)
{
    public IReadOnlySet<string> Scopes { get; init; } = Identity.Scopes.All;

    /// <summary>Redirect URIs the OAuth flow accepts; empty means any http(s) URI (development).</summary>
    public IReadOnlyList<string> RedirectUris { get; init; } = [];

    public string BotOpenId => OpenIds.For("app", AppId);
}

/// <summary>A seeded user of a tenant: signs in on Inkport's authorize page and acts through user tokens.</summary>
public sealed record UserAccount(string UserId, string Name, string Email, string TenantKey, string Password)
{
    public string OpenId => OpenIds.For("user", UserId);
    public string UnionId => "on_" + OpenIds.For("union", UserId)[3..];
}

/// <summary>Stable open ids ("ou_" + 32 hex) derived from what they identify, so they survive restarts
/// without being stored and differ between users and bots.</summary>
public static class OpenIds
{
    public static string For(string kind, string id) =>
        "ou_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"inkport:{kind}:{id}")))[..32];
}

public enum TokenKind { Tenant, App, User }

/// <summary>An issued bearer token. A user token carries the scopes the user granted.</summary>
public sealed record AccessToken(string Token, TokenKind Kind, string AppId, string TenantKey, string? UserId,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>Space-separated scopes a user granted (user tokens only; null = the app's scopes).</summary>
    public string? Scope { get; init; }

    public TimeSpan RemainingAt(DateTimeOffset now) => ExpiresAt - now;
}

/// <summary>Who is calling: an app's bot (tenant token) or a user of the tenant through an app (user token).
/// <see cref="OpenId"/> is the principal: what it creates, it owns.</summary>
public sealed record Caller(string AppId, string TenantKey, string? UserId, string OpenId)
{
    public string OwnerId => OpenId;

    public bool IsUser => UserId is not null;

    /// <summary>The scopes this call may use: the app's, narrowed to what the user granted for user tokens.</summary>
    public IReadOnlySet<string> Scopes { get; init; } = Identity.Scopes.All;

    public static Caller Bot(AppCredentials app) => new(app.AppId, app.TenantKey, null, app.BotOpenId) { Scopes = app.Scopes };
}
