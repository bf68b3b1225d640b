using Inkport.Core.Errors;

namespace Inkport.Server.Wire;

/// <summary>Turns thrown catalogue errors into the error envelope, and the framework's own 404/405/500
/// on /open-apis routes into Feishu-shaped answers.</summary>
public static class ErrorHandling
{
    public static IApplicationBuilder UseFeishuErrors(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next();
            if (!context.Response.HasStarted && context.Request.Path.StartsWithSegments("/open-apis"))
            {
                if (context.Response.StatusCode == StatusCodes.Status405MethodNotAllowed)
                    await Feishu.WriteErrorAsync(context, FeishuErrors.MethodMismatch.With($"{context.Request.Method} is not allowed on {context.Request.Path}"));
                else if (context.Response.StatusCode == StatusCodes.Status404NotFound && context.GetEndpoint() is null)
                    // An /open-apis route Inkport does not implement: HTTP 501, naming what is missing.
                    await Feishu.WriteErrorAsync(context, FeishuErrors.NotImplemented.With(
                        $"Inkport does not implement {context.Request.Method} {context.Request.Path}; see docs/DEVIATIONS.md"));
            }
        }
        catch (FeishuException e) when (!context.Response.HasStarted)
        {
            await Feishu.WriteErrorAsync(context, e);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested
                                  && context.Request.Path.StartsWithSegments("/open-apis"))
        {
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Inkport.Errors")
                .LogError(e, "unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Clear();
            await Feishu.WriteErrorAsync(context, FeishuErrors.Internal.With($"log id {LogIds.Of(context)}"));
        }
    });
}

/// <summary>Bearer authentication for a route group: the caller is resolved once and kept on the context,
/// and an endpoint's <see cref="RequiredScopes"/> are checked (any one suffices, spec/01 §5).</summary>
public sealed class RequireToken(Core.Identity.TokenService tokens) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var caller = await tokens.AuthenticateAsync(context.Request.Headers.Authorization.ToString(), context.RequestAborted);
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequiredScopes>() is { Scopes.Length: > 0 } required && !required.Scopes.Any(caller.Scopes.Contains))
            throw new FeishuException(caller.IsUser ? FeishuErrors.UserScopeMissing : FeishuErrors.ScopeMissing, null) { MissingScopes = required.Scopes };
        context.Items[typeof(Core.Identity.Caller)] = caller;
        return await next(invocation);
    }
}

/// <summary>Endpoint metadata: the scopes of which the caller needs one.</summary>
public sealed record RequiredScopes(string[] Scopes);

public static class ScopeRequirements
{
    public static RouteHandlerBuilder RequireScopes(this RouteHandlerBuilder route, string[] scopes) => route.WithMetadata(new RequiredScopes(scopes));
}
