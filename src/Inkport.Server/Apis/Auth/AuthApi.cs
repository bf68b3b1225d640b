using Inkport.Contracts;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Auth;

/// <summary>auth/v3 token endpoints (spec/01 §2): no bearer, payload at the top level.</summary>
public static class AuthApi
{
    public static void MapAuthApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/open-apis/auth/v3/tenant_access_token/internal", TenantAccessToken);
        app.MapPost("/open-apis/auth/v3/app_access_token/internal", AppAccessToken);
    }

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
}
