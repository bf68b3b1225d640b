using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Inkport.Conversion;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Microsoft.AspNetCore.DataProtection;

namespace Inkport.Server.WebConsole;

/// <summary>The web console: the browser pages (the drive and the viewers at the URLs imports return), sign-in and
/// sign-out, and the console's static files. Every document and drive operation is a public API call made by the
/// console's scripts; the server side is only the page shell and the session.</summary>
public static class ConsoleEndpoints
{
    private const string OAuthCookie = "inkport_console_oauth";

    public static WebApplicationBuilder AddConsole(this WebApplicationBuilder builder, Hosting.InkportOptions options)
    {
        // Session cookies outlive a restart and work on every process sharing the data folder; in-memory keeps nothing.
        var protection = builder.Services.AddDataProtection().SetApplicationName("Inkport");
        if (!options.InMemory)
            protection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetFullPath(options.DataDir), "keys")));
        else
            protection.UseEphemeralDataProtectionProvider();
        builder.Services.AddSingleton<ConsoleSessions>();
        return builder;
    }

    public static void MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", Shell);
        app.MapGet("/drive/folder/{token}", Shell);
        app.MapGet("/docx/{token}", Shell);
        app.MapGet("/sheets/{token}", Shell);
        app.MapGet("/base/{token}", Shell);
        app.MapGet("/tasks", Shell);
        app.MapGet("/console/assets/{*path}", (HttpContext context, string path) => ConsoleAssets.Serve(context, path));
        app.MapGet("/console/session", Session);
        app.MapGet("/signin", SignInForm);
        app.MapPost("/signin/app", SignInApp).DisableAntiforgery();
        app.MapPost("/signin/development", SignInDevelopment).DisableAntiforgery();
        app.MapPost("/signin/user", StartUserSignIn).DisableAntiforgery();
        app.MapGet("/signin/callback", UserSignInCallback);
        app.MapPost("/signout", SignOut);
    }

    private static IResult Shell(HttpContext context, ConsoleSessions sessions)
    {
        if (sessions.Read(context) is null)
            return Results.Redirect("/signin?return=" + Uri.EscapeDataString(context.Request.Path + context.Request.QueryString));
        var formats = JsonSerializer.Serialize(ImportFormats.All
            .OrderBy(f => f.Extension, StringComparer.Ordinal).ThenBy(f => f.Target)
            .Select(f => new { extension = f.Extension, type = f.Target.WireName(), max_bytes = f.MaxBytes }));
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Inkport</title>
            <link rel="stylesheet" href="/console/assets/app.css">
            <script type="module" src="/console/assets/app.js"></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <div id="app"><p class="loading">Loading…</p></div>
            <script type="application/json" id="import-formats">{{formats}}</script>
            </body>
            </html>
            """;
        return Html(html);
    }

    /// <summary>Who the console is signed in as (for the header and for "owned by you").</summary>
    private static async Task<IResult> Session(HttpContext context, ConsoleSessions sessions, TokenService tokens, Identities identities)
    {
        if (sessions.Read(context) is not { } identity || await sessions.TokenAsync(context, context.RequestAborted) is not { } token)
            return Results.Json(new { signed_in = false }, statusCode: 401);
        var caller = await tokens.AuthenticateAsync($"Bearer {token.Token}", context.RequestAborted);
        var app = identities.FindApp(identity.AppId);
        var user = identity.UserId is { } id ? identities.FindUser(id) : null;
        return Results.Json(new
        {
            signed_in = true,
            kind = identity.IsUser ? "user" : "app",
            app_id = identity.AppId,
            app_name = app?.Name ?? identity.AppId,
            user_name = user?.Name,
            open_id = caller.OpenId,
        });
    }

    private static IResult SignInForm(HttpContext context, Identities identities) =>
        SignInPage(ReturnPath(context.Request.Query["return"]), error: null, identities, StatusCodes.Status200OK);

    private static async Task<IResult> SignInApp(HttpContext context, TokenService tokens, ConsoleSessions sessions, Identities identities)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnPath = ReturnPath(form["return"]);
        if (!SameOrigin(context)) return SignInPage(returnPath, "The sign-in form must be sent from this server's own page.", identities, StatusCodes.Status403Forbidden);
        try
        {
            var token = await tokens.IssueAsync(TokenKind.Tenant, form["app_id"], form["app_secret"], context.RequestAborted);
            sessions.SignIn(context, new ConsoleIdentity(TokenKind.Tenant, token.AppId, null, null), token);
            return Results.Redirect(returnPath);
        }
        catch (FeishuException e)
        {
            return SignInPage(returnPath, $"Sign-in failed: {e.Detail ?? e.Error.Msg} ({e.Error.Code}).", identities, StatusCodes.Status401Unauthorized);
        }
    }

    private static async Task<IResult> SignInDevelopment(HttpContext context, TokenService tokens, ConsoleSessions sessions, Identities identities)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnPath = ReturnPath(form["return"]);
        if (!SameOrigin(context)) return SignInPage(returnPath, "The sign-in form must be sent from this server's own page.", identities, StatusCodes.Status403Forbidden);
        if (identities.FindApp(Identities.DevelopmentApp.AppId) is not { } app)
            return SignInPage(returnPath, "The development app is turned off on this server.", identities, StatusCodes.Status404NotFound);
        var token = await tokens.IssueAsync(TokenKind.Tenant, app.AppId, app.AppSecret, context.RequestAborted);
        sessions.SignIn(context, new ConsoleIdentity(TokenKind.Tenant, app.AppId, null, null), token);
        return Results.Redirect(returnPath);
    }

    /// <summary>The console is an OAuth client like any web app: state and a PKCE verifier in a sealed cookie,
    /// then Inkport's authorize page, then the code exchanged at the token endpoint.</summary>
    private static async Task<IResult> StartUserSignIn(HttpContext context, Identities identities, IDataProtectionProvider protection)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnPath = ReturnPath(form["return"]);
        if (!SameOrigin(context)) return SignInPage(returnPath, "The sign-in form must be sent from this server's own page.", identities, StatusCodes.Status403Forbidden);
        var appId = form["app_id"].ToString();
        if (identities.FindApp(appId) is null)
            return SignInPage(returnPath, $"There is no app {appId} on this server.", identities, StatusCodes.Status404NotFound);
        var state = RandomToken();
        var verifier = RandomToken() + RandomToken();
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var sealedFlow = OAuthProtector(protection).Protect($"{state}\n{verifier}\n{appId}\n{returnPath}");
        context.Response.Cookies.Append(OAuthCookie, sealedFlow, new CookieOptions
        {
            HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps, Path = "/signin", MaxAge = OAuthService.CodeLifetime,
        });
        var query = $"client_id={Uri.EscapeDataString(appId)}&redirect_uri={Uri.EscapeDataString(CallbackUrl(context))}" +
            $"&state={state}&code_challenge={challenge}&code_challenge_method=S256";
        return Results.Redirect($"/open-apis/authen/v1/authorize?{query}");
    }

    private static async Task<IResult> UserSignInCallback(HttpContext context, OAuthService oauth, Identities identities,
        ConsoleSessions sessions, IDataProtectionProvider protection)
    {
        string[] flow;
        try
        {
            flow = OAuthProtector(protection).Unprotect(context.Request.Cookies[OAuthCookie] ?? "").Split('\n');
        }
        catch (CryptographicException)
        {
            return SignInPage("/", "The sign-in took too long or was started elsewhere; please start again.", identities, StatusCodes.Status400BadRequest);
        }
        context.Response.Cookies.Delete(OAuthCookie, new CookieOptions { Path = "/signin" });
        if (flow.Length != 4 || flow[0] != context.Request.Query["state"])
            return SignInPage("/", "The sign-in answer does not belong to this browser's sign-in; please start again.", identities, StatusCodes.Status400BadRequest);
        var (verifier, appId, returnPath) = (flow[1], flow[2], ReturnPath(flow[3]));
        if (identities.FindApp(appId) is not { } app)
            return SignInPage(returnPath, $"There is no app {appId} on this server.", identities, StatusCodes.Status404NotFound);
        try
        {
            var grant = await oauth.ExchangeAsync(new TokenRequest("authorization_code", app.AppId, app.AppSecret,
                context.Request.Query["code"], CallbackUrl(context), verifier, null, null), context.RequestAborted);
            var token = grant.AccessToken;
            sessions.SignIn(context, new ConsoleIdentity(TokenKind.User, app.AppId, token.UserId, grant.Scope), token);
            return Results.Redirect(returnPath);
        }
        catch (FeishuException e)
        {
            return SignInPage(returnPath, $"Sign-in failed: {e.Detail ?? e.Error.Msg} ({e.Error.Code}).", identities, StatusCodes.Status401Unauthorized);
        }
    }

    private static IResult SignOut(HttpContext context, ConsoleSessions sessions)
    {
        if (!context.Request.Headers.ContainsKey(ConsoleSessions.HeaderName)) return Results.StatusCode(StatusCodes.Status403Forbidden);
        sessions.SignOut(context);
        return Results.NoContent();
    }

    private static IResult SignInPage(string returnPath, string? error, Identities identities, int status)
    {
        static string H(string? s) => WebUtility.HtmlEncode(s ?? "");
        var ret = $"<input type=\"hidden\" name=\"return\" value=\"{H(returnPath)}\">";
        var developmentApp = identities.FindApp(Identities.DevelopmentApp.AppId);
        var development = developmentApp is null ? "" : $$"""
            <section aria-labelledby="dev-heading"><h2 id="dev-heading">Development app</h2>
            <p>The well-known app every Inkport server starts with (<code>{{H(developmentApp.AppId)}}</code>).</p>
            <form method="post" action="/signin/development">{{ret}}<button type="submit">Sign in as the development app</button></form></section>
            """;
        var html = $$"""
            <!doctype html>
            <html lang="en">
            <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Sign in · Inkport</title><link rel="stylesheet" href="/console/assets/app.css"></head>
            <body class="signin">
            <main id="main"><h1>Sign in to Inkport</h1>
            {{(error is null ? "" : $"<p class=\"error\" role=\"alert\">{H(error)}</p>")}}
            {{development}}
            <section aria-labelledby="app-heading"><h2 id="app-heading">An app</h2>
            <p>Sign in as an app's bot with its credentials (a tenant access token).</p>
            <form method="post" action="/signin/app">{{ret}}
            <label for="app_id">App ID</label><input id="app_id" name="app_id" autocomplete="username" required>
            <label for="app_secret">App Secret</label><input id="app_secret" name="app_secret" type="password" autocomplete="current-password" required>
            <button type="submit">Sign in</button></form></section>
            <section aria-labelledby="user-heading"><h2 id="user-heading">A user</h2>
            <p>Sign in as a user of an app's tenant through the OAuth page (a user access token).</p>
            <form method="post" action="/signin/user">{{ret}}
            <label for="user_app_id">App ID for the user</label><input id="user_app_id" name="app_id" value="{{H(developmentApp?.AppId)}}" required>
            <button type="submit">Continue to the OAuth page</button></form></section>
            </main></body></html>
            """;
        return Html(html, status);
    }

    /// <summary>Only a path on this server: never a scheme, host or protocol-relative `//` (no open redirect).</summary>
    private static string ReturnPath(string? requested) =>
        requested is { Length: > 0 } path && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal)
            ? path
            : "/";

    /// <summary>A browser sends Origin with a form POST; a form posted from another site is refused.</summary>
    private static bool SameOrigin(HttpContext context) =>
        context.Request.Headers.Origin.ToString() is not { Length: > 0 } origin || origin == $"{context.Request.Scheme}://{context.Request.Host}";

    private static string CallbackUrl(HttpContext context) => $"{context.Request.Scheme}://{context.Request.Host}/signin/callback";

    private static IDataProtector OAuthProtector(IDataProtectionProvider protection) => protection.CreateProtector("Inkport.Console.OAuth.v1");

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static IResult Html(string html, int status = StatusCodes.Status200OK) => Results.Content(html, "text/html; charset=utf-8", statusCode: status);
}
