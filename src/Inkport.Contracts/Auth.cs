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
