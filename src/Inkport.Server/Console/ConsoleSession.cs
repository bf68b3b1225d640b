using System.Collections.Concurrent;
using Inkport.Core.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Inkport.Server.WebConsole;

/// <summary>Who signed in to the console: an app's bot (tenant token) or a user through an app (user token).</summary>
public sealed record ConsoleIdentity(TokenKind Kind, string AppId, string? UserId, string? Scope)
{
    public bool IsUser => Kind == TokenKind.User;
}

/// <summary>The console's session: an HttpOnly, SameSite=Strict cookie holding the signed-in identity, sealed with
/// ASP.NET Data Protection. The cookie carries no token; API tokens are minted from it on demand, so the session
/// lasts until sign-out while each token keeps the API's 2-hour lifetime and exactly the API's permissions.</summary>
public sealed class ConsoleSessions(IDataProtectionProvider protection, TokenService tokens, OAuthService oauth, Identities identities, TimeProvider clock)
{
    public const string CookieName = "inkport_console";

    /// <summary>Sent by the console's scripts on every API call: a cross-site form or image cannot set it,
    /// so a request without it never borrows the session (CSRF).</summary>
    public const string HeaderName = "X-Inkport-Console";

    private const int MaxCachedTokens = 10_000;

    private readonly IDataProtector _protector = protection.CreateProtector("Inkport.Console.Session.v1");
    private readonly ConcurrentDictionary<string, AccessToken> _tokens = new(StringComparer.Ordinal);

    public void SignIn(HttpContext context, ConsoleIdentity identity, AccessToken token)
    {
        var sealedValue = _protector.Protect($"{identity.Kind}\n{identity.AppId}\n{identity.UserId}\n{identity.Scope}");
        _tokens[sealedValue] = token;
        context.Response.Cookies.Append(CookieName, sealedValue, CookieOptions(context));
    }

    public void SignOut(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { } value) _tokens.TryRemove(value, out _);
        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
    }

    /// <summary>The identity in the request's cookie, or null when there is none or it does not verify.</summary>
    public ConsoleIdentity? Read(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } value) return null;
        string plain;
        try
        {
            plain = _protector.Unprotect(value);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
        var parts = plain.Split('\n');
        if (parts.Length != 4 || !Enum.TryParse<TokenKind>(parts[0], out var kind)) return null;
        return new ConsoleIdentity(kind, parts[1], NullIfEmpty(parts[2]), NullIfEmpty(parts[3]));
    }

    /// <summary>A valid API token for the session in the request, minting a new one when the last has expired;
    /// null when the app or user no longer exists.</summary>
    public async Task<AccessToken?> TokenAsync(HttpContext context, CancellationToken ct)
    {
        if (Read(context) is not { } identity) return null;
        var key = context.Request.Cookies[CookieName]!;
        var now = clock.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && cached.RemainingAt(now) > TimeSpan.FromMinutes(1)) return cached;
        if (identities.FindApp(identity.AppId) is not { } app) return null;
        AccessToken token;
        try
        {
            token = identity.IsUser
                ? (await oauth.IssueForUserAsync(app, identity.UserId ?? "", identity.Scope, ct)).AccessToken
                : await tokens.IssueAsync(identity.Kind, app.AppId, app.AppSecret, ct);
        }
        catch (Core.Errors.FeishuException)
        {
            return null;
        }
        if (_tokens.Count >= MaxCachedTokens) Evict(now);
        _tokens[key] = token;
        return token;
    }

    private void Evict(DateTimeOffset now)
    {
        foreach (var (key, token) in _tokens)
            if (token.RemainingAt(now) <= TimeSpan.Zero) _tokens.TryRemove(key, out _);
        if (_tokens.Count >= MaxCachedTokens) _tokens.Clear();
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = "/",
        IsEssential = true,
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Turns the console's session into the bearer token of an `/open-apis` call, only when the call carries
/// <see cref="ConsoleSessions.HeaderName"/> and no Authorization of its own. Everything else is the API unchanged.</summary>
public static class ConsoleSessionMiddleware
{
    public static IApplicationBuilder UseConsoleSession(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/open-apis") && request.Headers.Authorization.Count == 0 && request.Headers.ContainsKey(ConsoleSessions.HeaderName))
        {
            var sessions = context.RequestServices.GetRequiredService<ConsoleSessions>();
            if (await sessions.TokenAsync(context, context.RequestAborted) is { } token)
                request.Headers.Authorization = $"Bearer {token.Token}";
        }
        await next();
    });
}
