using System.Net;
using Inkport.Contracts;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Auth;

/// <summary>Tokens (spec/01): auth/v3 app and tenant tokens, the OAuth 2.0 user flow (authorize page and
/// authen/v2 token endpoint), user_info, and Inkport's development shortcut for user tokens.</summary>
public static class AuthApi
{
    /// <summary>Endpoints reached without a bearer token.</summary>
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/open-apis/auth/v3/tenant_access_token/internal", TenantAccessToken);
        app.MapPost("/open-apis/auth/v3/app_access_token/internal", AppAccessToken);
        app.MapGet("/open-apis/authen/v1/authorize", AuthorizePage);
        app.MapPost("/open-apis/authen/v1/authorize", Authorize).DisableAntiforgery();
        app.MapPost("/open-apis/authen/v2/oauth/token", OAuthToken).DisableAntiforgery();
        app.MapPost("/inkport/v1/user_access_token", DevelopmentUserToken);
    }

    /// <summary>Endpoints behind a bearer token.</summary>
    public static void MapUserApi(this IEndpointRouteBuilder api) =>
        api.MapGet("/authen/v1/user_info", UserInfo).RequireScopes(Scopes.UserInfo);

    private static async Task<IResult> TenantAccessToken(HttpContext context, TokenService tokens, TimeProvider clock)
    {
        var body = await Feishu.ReadJsonAsync<AppCredentialsRequest>(context.Request, FeishuErrors.InvalidParam);
        var token = await tokens.IssueAsync(TokenKind.Tenant, body.AppId, body.AppSecret, context.RequestAborted);
        return Feishu.TopLevel(new TenantTokenResponse(0, "ok", token.Token, ExpireSeconds(token, clock)));
    }

    private static async Task<IResult> AppAccessToken(HttpContext context, TokenService tokens, TimeProvider clock)
    {
        var body = await Feishu.ReadJsonAsync<AppCredentialsRequest>(context.Request, FeishuErrors.InvalidParam);
        var app = await tokens.IssueAsync(TokenKind.App, body.AppId, body.AppSecret, context.RequestAborted);
        var tenant = await tokens.IssueAsync(TokenKind.Tenant, body.AppId, body.AppSecret, context.RequestAborted);
        return Feishu.TopLevel(new AppTokenResponse(0, "ok", app.Token, tenant.Token, ExpireSeconds(app, clock)));
    }

    /// <summary>`expire` is the remaining validity in seconds.</summary>
    private static int ExpireSeconds(AccessToken token, TimeProvider clock) =>
        (int)Math.Max(0, (token.ExpiresAt - clock.GetUtcNow()).TotalSeconds);

    private static AuthorizeRequest AuthorizeRequestOf(IQueryCollection q) =>
        new(q["client_id"], q["redirect_uri"], q["scope"], q["state"], q["code_challenge"], q["code_challenge_method"]);

    private static AuthorizeRequest AuthorizeRequestOf(IFormCollection f) =>
        new(f["client_id"], f["redirect_uri"], f["scope"], f["state"], NullIfEmpty(f["code_challenge"]), NullIfEmpty(f["code_challenge_method"]));

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Inkport's own sign-in page, standing in for accounts.feishu.cn: pick a seeded user of the app's tenant.</summary>
    private static IResult AuthorizePage(HttpContext context, OAuthService oauth)
    {
        var request = AuthorizeRequestOf(context.Request.Query);
        try
        {
            var (app, _) = oauth.ValidateAuthorize(request);
            return SignInPage(app, oauth.UsersFor(app), request, error: null);
        }
        catch (FeishuException e)
        {
            return ErrorPage(e);
        }
    }

    private static async Task<IResult> Authorize(HttpContext context, OAuthService oauth)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = AuthorizeRequestOf(form);
        try
        {
            var code = await oauth.SignInAsync(request, form["user_id"], form["password"], context.RequestAborted);
            var separator = request.RedirectUri!.Contains('?') ? '&' : '?';
            var state = string.IsNullOrEmpty(request.State) ? "" : $"&state={Uri.EscapeDataString(request.State)}";
            return Results.Redirect($"{request.RedirectUri}{separator}code={Uri.EscapeDataString(code)}{state}");
        }
        catch (FeishuException e) when (e.Error == FeishuErrors.OAuthUserNotFound)
        {
            var (app, _) = oauth.ValidateAuthorize(request);
            return SignInPage(app, oauth.UsersFor(app), request, "Unknown user or wrong password.");
        }
        catch (FeishuException e)
        {
            return ErrorPage(e);
        }
    }

    private static IResult SignInPage(AppCredentials app, IEnumerable<UserAccount> users, AuthorizeRequest request, string? error)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        string Hidden(string name, string? value) => value is null ? "" : $"<input type=\"hidden\" name=\"{name}\" value=\"{H(value)}\">";
        var options = string.Concat(users.Select(u => $"<option value=\"{H(u.UserId)}\">{H(u.Name)} ({H(u.Email)})</option>"));
        var html = $$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in to {{H(app.Name)}}</title>
            <style>body{font-family:sans-serif;max-width:28rem;margin:4rem auto}label{display:block;margin:.8rem 0 .2rem}
            input,select,button{font-size:1rem;padding:.4rem;width:100%}.error{color:#b00020}</style></head><body>
            <h1>Sign in</h1><p><strong>{{H(app.Name)}}</strong> asks for: <code>{{H(request.Scope ?? "all of its scopes")}}</code></p>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{H(error)}</p>")}}
            <form method="post" action="/open-apis/authen/v1/authorize">
            {{Hidden("client_id", request.ClientId)}}{{Hidden("redirect_uri", request.RedirectUri)}}{{Hidden("scope", request.Scope)}}
            {{Hidden("state", request.State)}}{{Hidden("code_challenge", request.CodeChallenge)}}{{Hidden("code_challenge_method", request.CodeChallengeMethod)}}
            <label for="user_id">User</label><select id="user_id" name="user_id">{{options}}</select>
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password">
            <p><button type="submit">Authorize</button></p></form></body></html>
            """;
        return Results.Content(html, "text/html; charset=utf-8", statusCode: error is null ? 200 : 401);
    }

    private static IResult ErrorPage(FeishuException e) => Results.Content(
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Authorization failed</title></head><body><h1>Authorization failed</h1>" +
        $"<p>{e.Error.Code}: {WebUtility.HtmlEncode(e.Detail ?? e.Error.Msg)}</p></body></html>", "text/html; charset=utf-8", statusCode: 400);

    /// <summary>01 §3.1: JSON (or form) body; success and failure in OAuth shape at the top level.</summary>
    private static async Task<IResult> OAuthToken(HttpContext context, OAuthService oauth)
    {
        try
        {
            var request = await ReadTokenRequestAsync(context.Request);
            var grant = await oauth.ExchangeAsync(request, context.RequestAborted);
            return Feishu.TopLevel(new OAuthTokenResponse(0, grant.AccessToken.Token, (int)TokenService.Lifetime.TotalSeconds,
                grant.RefreshToken, grant.RefreshExpiresIn is { } r ? (int)r.TotalSeconds : null, "Bearer", grant.Scope));
        }
        catch (FeishuException e)
        {
            return Feishu.OAuthError(e);
        }
    }

    private static async Task<TokenRequest> ReadTokenRequestAsync(HttpRequest request)
    {
        if (request.HasFormContentType)
        {
            var f = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            return new TokenRequest(f["grant_type"], f["client_id"], f["client_secret"], f["code"], NullIfEmpty(f["redirect_uri"]),
                NullIfEmpty(f["code_verifier"]), f["refresh_token"], NullIfEmpty(f["scope"]));
        }
        var b = await Feishu.ReadJsonAsync<OAuthTokenRequest>(request, FeishuErrors.OAuthMalformed);
        return new TokenRequest(b.GrantType, b.ClientId, b.ClientSecret, b.Code, b.RedirectUri, b.CodeVerifier, b.RefreshToken, b.Scope);
    }

    private static IResult UserInfo(HttpContext context, Identities identities)
    {
        var caller = context.Caller();
        var user = caller.UserId is { } id ? identities.FindUser(id) : null;
        if (user is null) throw FeishuErrors.TenantTokenInvalid.With("user_info needs a user access token");
        return Feishu.Ok(new UserInfo(user.Name, user.Name, user.OpenId, user.UnionId, user.UserId, user.Email, user.TenantKey));
    }

    /// <summary>Inkport's shortcut for tests and tools: the app's credentials and a seeded user id give a user token
    /// (the same token the OAuth flow would), without a browser.</summary>
    private static async Task<IResult> DevelopmentUserToken(HttpContext context, TokenService tokens, OAuthService oauth)
    {
        var body = await Feishu.ReadJsonAsync<DevUserTokenRequest>(context.Request, FeishuErrors.InvalidParam);
        try
        {
            var app = tokens.VerifyApp(body.AppId, body.AppSecret);
            var grant = await oauth.IssueForUserAsync(app, body.UserId ?? "", body.Scope, context.RequestAborted);
            return Feishu.TopLevel(new OAuthTokenResponse(0, grant.AccessToken.Token, (int)TokenService.Lifetime.TotalSeconds,
                grant.RefreshToken, grant.RefreshExpiresIn is { } r ? (int)r.TotalSeconds : null, "Bearer", grant.Scope));
        }
        catch (FeishuException e) when (e.Error.Code is >= 20000 and < 21000)
        {
            return Feishu.OAuthError(e);
        }
    }
}
