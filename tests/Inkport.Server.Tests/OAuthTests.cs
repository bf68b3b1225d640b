using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>The OAuth 2.0 user flow of spec/01 §3.1 against Inkport's own authorize page.</summary>
public sealed class OAuthTests : IClassFixture<OAuthTests.Host>
{
    public sealed class Host() : InkportHost([
        ("Inkport:Users:0:UserId", "alice"), ("Inkport:Users:0:Name", "Alice"), ("Inkport:Users:0:Email", "alice@example.com"),
        ("Inkport:Users:0:TenantKey", "inkport-dev-tenant"), ("Inkport:Users:0:Password", "wonderland"),
        ("Inkport:Users:1:UserId", "mallory"), ("Inkport:Users:1:TenantKey", "elsewhere"), ("Inkport:Users:1:Password", "x"),
        ("Inkport:Apps:0:AppId", "cli_other"), ("Inkport:Apps:0:AppSecret", "other-secret"), ("Inkport:Apps:0:TenantKey", "inkport-dev-tenant"),
        ("Inkport:Apps:0:RedirectUris:0", "https://app.example/callback")]);

    private const string Redirect = "http://127.0.0.1/callback";
    private readonly Host _host;
    public OAuthTests(Host host) => _host = host;

    private HttpClient NoRedirects() => _host.NoRedirects();

    /// <summary>Signs in on the authorize page and returns the code from the redirect.</summary>
    private async Task<string> SignInAsync(string scope, string? challenge = null, string user = "alice", string password = "wonderland", string state = "xyz")
    {
        var http = NoRedirects();
        var query = $"client_id=cli_inkportdevapp&redirect_uri={Uri.EscapeDataString(Redirect)}&scope={Uri.EscapeDataString(scope)}&state={state}"
            + (challenge is null ? "" : $"&code_challenge={challenge}&code_challenge_method=S256");
        var page = await http.GetStringAsync($"/open-apis/authen/v1/authorize?{query}");
        Assert.Contains("Alice", page);
        Assert.DoesNotContain("mallory", page); // only the app's tenant signs in here
        var form = new Dictionary<string, string>
        {
            ["client_id"] = "cli_inkportdevapp", ["redirect_uri"] = Redirect, ["scope"] = scope, ["state"] = state,
            ["user_id"] = user, ["password"] = password,
        };
        if (challenge is not null) { form["code_challenge"] = challenge; form["code_challenge_method"] = "S256"; }
        var response = await http.PostAsync("/open-apis/authen/v1/authorize", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(Redirect + "?code=", location);
        Assert.EndsWith($"&state={state}", location);
        return Uri.UnescapeDataString(location.Split("code=")[1].Split('&')[0]);
    }

    private async Task<(int Status, JsonNode Body)> TokenAsync(object body)
    {
        var response = await _host.Anonymous().PostAsJsonAsync("/open-apis/authen/v2/oauth/token", body);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static void AssertOAuthError((int Status, JsonNode Body) reply, FeishuError error)
    {
        Assert.True(reply.Body["code"]!.GetValue<int>() == error.Code && reply.Status == error.HttpStatus, reply.Body.ToJsonString());
        Assert.Equal(error.Msg, reply.Body["error"]!.GetValue<string>());
        Assert.NotNull(reply.Body["error_description"]);
    }

    [Fact]
    public async Task A_code_becomes_a_user_token_once_and_the_refresh_token_is_single_use()
    {
        var code = await SignInAsync("drive:drive docx:document offline_access");
        var (status, body) = await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code, redirect_uri = Redirect });
        Assert.Equal(200, status);
        Assert.Equal(0, body["code"]!.GetValue<int>());
        Assert.StartsWith("u-", body["access_token"]!.GetValue<string>());
        Assert.Equal(7200, body["expires_in"]!.GetValue<int>());
        Assert.Equal("Bearer", body["token_type"]!.GetValue<string>());
        Assert.Equal("drive:drive docx:document offline_access", body["scope"]!.GetValue<string>());
        Assert.Equal(604800, body["refresh_token_expires_in"]!.GetValue<int>());

        var user = _host.Anonymous();
        user.DefaultRequestHeaders.Authorization = new("Bearer", body["access_token"]!.GetValue<string>());
        var info = await Reply.From(await user.GetAsync("/open-apis/authen/v1/user_info"));
        Assert.Equal("Alice", info.Data["name"]!.GetValue<string>());
        Assert.StartsWith("ou_", info.Data["open_id"]!.GetValue<string>());
        // The user's root is the user's own, not the app's.
        var appRoot = await (await _host.AppClientAsync()).RootAsync();
        Assert.NotEqual(appRoot, (await Reply.From(await user.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta"))).Data["token"]!.GetValue<string>());

        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code }), FeishuErrors.OAuthCodeUsed);

        var refresh = body["refresh_token"]!.GetValue<string>();
        var refreshed = await TokenAsync(new { grant_type = "refresh_token", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", refresh_token = refresh });
        Assert.Equal(0, refreshed.Body["code"]!.GetValue<int>());
        Assert.NotEqual(refresh, refreshed.Body["refresh_token"]!.GetValue<string>());
        AssertOAuthError(await TokenAsync(new { grant_type = "refresh_token", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", refresh_token = refresh }), FeishuErrors.OAuthRefreshUsed);
        AssertOAuthError(await TokenAsync(new { grant_type = "refresh_token", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", refresh_token = "ur-forged" }), FeishuErrors.OAuthRefreshInvalid);
    }

    [Fact]
    public async Task Pkce_is_checked()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var code = await SignInAsync("drive:drive", challenge);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code, code_verifier = new string('a', 43) }), FeishuErrors.OAuthPkceFailed);
        var code2 = await SignInAsync("drive:drive", challenge);
        var ok = await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code = code2, code_verifier = verifier });
        Assert.Equal(0, ok.Body["code"]!.GetValue<int>());
        Assert.Null(ok.Body["refresh_token"]); // no offline_access, no refresh token
    }

    [Fact]
    public async Task Token_requests_answer_the_documented_codes()
    {
        var code = await SignInAsync("drive:drive");
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp" }), FeishuErrors.OAuthMissingParameter);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "wrong", code }), FeishuErrors.OAuthInvalidClientSecret);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_nobody", client_secret = "x", code }), FeishuErrors.OAuthAppNotFound);
        AssertOAuthError(await TokenAsync(new { grant_type = "password", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret" }), FeishuErrors.OAuthGrantTypeUnsupported);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code = "nope" }), FeishuErrors.OAuthCodeNotFound);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_other", client_secret = "other-secret", code }), FeishuErrors.OAuthClientMismatch);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code, redirect_uri = "http://127.0.0.1/other" }), FeishuErrors.OAuthRedirectMismatch);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code, scope = "drive:drive drive:drive" }), FeishuErrors.OAuthDuplicateScope);
        AssertOAuthError(await TokenAsync(new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code, scope = "bitable:app" }), FeishuErrors.OAuthScopeNotGranted);
    }

    [Fact]
    public async Task A_code_lives_5_minutes()
    {
        using var host = new InkportHost();
        var http = host.NoRedirects();
        var response = await http.PostAsync("/open-apis/authen/v1/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "cli_inkportdevapp", ["redirect_uri"] = Redirect, ["user_id"] = "inkport_dev_user", ["password"] = "inkport",
        }));
        var code = Uri.UnescapeDataString(response.Headers.Location!.ToString().Split("code=")[1]);
        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        var reply = await host.Anonymous().PostAsJsonAsync("/open-apis/authen/v2/oauth/token",
            new { grant_type = "authorization_code", client_id = "cli_inkportdevapp", client_secret = "inkport-development-secret", code });
        var body = JsonNode.Parse(await reply.Content.ReadAsStringAsync())!;
        Assert.Equal(FeishuErrors.OAuthCodeExpired.Code, body["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_authorize_page_refuses_wrong_passwords_unregistered_redirects_and_users_of_other_tenants()
    {
        var http = NoRedirects();
        var wrong = await http.PostAsync("/open-apis/authen/v1/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "cli_inkportdevapp", ["redirect_uri"] = Redirect, ["user_id"] = "alice", ["password"] = "guess",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var stranger = await http.PostAsync("/open-apis/authen/v1/authorize", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "cli_inkportdevapp", ["redirect_uri"] = Redirect, ["user_id"] = "mallory", ["password"] = "x",
        }));
        Assert.Equal(HttpStatusCode.Unauthorized, stranger.StatusCode);
        var unregistered = await http.GetAsync($"/open-apis/authen/v1/authorize?client_id=cli_other&redirect_uri={Uri.EscapeDataString(Redirect)}");
        Assert.Equal(HttpStatusCode.BadRequest, unregistered.StatusCode);
        var registered = await http.GetAsync($"/open-apis/authen/v1/authorize?client_id=cli_other&redirect_uri={Uri.EscapeDataString("https://app.example/callback")}");
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
    }

    [Fact]
    public async Task User_tokens_carry_only_the_granted_scopes()
    {
        var narrow = await _host.UserClientAsync("alice", scope: "docx:document");
        (await narrow.GetAsync("/open-apis/drive/v1/files")).AssertError(FeishuErrors.UserScopeMissing);
        var reply = await narrow.GetAsync("/open-apis/drive/v1/files");
        Assert.Contains("drive:drive", reply.Body["error"]!["permission_violations"]!.ToJsonString());
        (await (await _host.UserClientAsync("alice")).GetAsync("/open-apis/drive/v1/files")).AssertOk();
    }
}
