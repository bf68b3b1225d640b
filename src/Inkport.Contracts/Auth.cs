using System.Text.Json.Serialization;

namespace Inkport.Contracts;

/// <summary>Body of auth/v3 *_access_token/internal (spec/01 §2).</summary>
public sealed record AppCredentialsRequest(
    [property: JsonPropertyName("app_id")] string? AppId,
    [property: JsonPropertyName("app_secret")] string? AppSecret);

/// <summary>tenant_access_token/internal: fields at the top level, no data wrapper.</summary>
public sealed record TenantTokenResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("tenant_access_token")] string TenantAccessToken,
    [property: JsonPropertyName("expire")] int Expire);

/// <summary>app_access_token/internal: the app token and the tenant token, at the top level.</summary>
public sealed record AppTokenResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("app_access_token")] string AppAccessToken,
    [property: JsonPropertyName("tenant_access_token")] string TenantAccessToken,
    [property: JsonPropertyName("expire")] int Expire);

/// <summary>authen/v2/oauth/token success (01 §3.1): OAuth-style, at the top level.</summary>
public sealed record OAuthTokenResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("refresh_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_in"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RefreshTokenExpiresIn,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("scope")] string Scope);

/// <summary>authen/v2/oauth/token failure: {code, error, error_description}.</summary>
public sealed record OAuthErrorResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

/// <summary>Body of the token request when sent as JSON.</summary>
public sealed record OAuthTokenRequest(
    [property: JsonPropertyName("grant_type")] string? GrantType,
    [property: JsonPropertyName("client_id")] string? ClientId,
    [property: JsonPropertyName("client_secret")] string? ClientSecret,
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("redirect_uri")] string? RedirectUri,
    [property: JsonPropertyName("code_verifier")] string? CodeVerifier,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("scope")] string? Scope);

/// <summary>authen/v1/user_info data.</summary>
public sealed record UserInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("en_name")] string EnName,
    [property: JsonPropertyName("open_id")] string OpenId,
    [property: JsonPropertyName("union_id")] string UnionId,
    [property: JsonPropertyName("user_id")] string UserId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("tenant_key")] string TenantKey);

/// <summary>Inkport's development shortcut: a user token without the browser.</summary>
public sealed record DevUserTokenRequest(
    [property: JsonPropertyName("app_id")] string? AppId,
    [property: JsonPropertyName("app_secret")] string? AppSecret,
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("scope")] string? Scope);
