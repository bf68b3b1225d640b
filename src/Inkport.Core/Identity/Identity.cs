namespace Inkport.Core.Identity;

/// <summary>A self-built app as configured: it lives in one tenant and acts through its bot.</summary>
public sealed record AppCredentials(string AppId, string AppSecret, string TenantKey, string Name);

public enum TokenKind { Tenant, App, User }

/// <summary>An issued bearer token.</summary>
public sealed record AccessToken(string Token, TokenKind Kind, string AppId, string TenantKey, string? UserId,
    DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt)
{
    public TimeSpan RemainingAt(DateTimeOffset now) => ExpiresAt - now;
}

/// <summary>Who is calling: an app (tenant token) or a user of a tenant through an app (user token).</summary>
public sealed record Caller(string AppId, string TenantKey, string? UserId)
{
    /// <summary>The owner key of what this caller creates: the app's bot or the user.</summary>
    public string OwnerId => UserId ?? AppId;

    public bool IsUser => UserId is not null;
}
