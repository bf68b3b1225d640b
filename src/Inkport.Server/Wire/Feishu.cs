using System.Text.Json;
using Inkport.Contracts;
using Inkport.Core.Errors;
using Inkport.Core.Identity;

namespace Inkport.Server.Wire;

/// <summary>The one writer of Feishu's response shapes. Handlers return these results or throw
/// <see cref="FeishuException"/>; they never touch the response themselves.</summary>
public static class Feishu
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>{code:0, msg, data}.</summary>
    public static IResult Ok<T>(T data, string msg = "success") => Results.Json(new Envelope<T>(0, msg, data), Json);

    /// <summary>A body whose fields stand at the top level (auth/v3 token endpoints).</summary>
    public static IResult TopLevel<T>(T body) => Results.Json(body, Json);

    /// <summary>The error envelope with its HTTP status, error.log_id and the rate-limit headers.</summary>
    public static async Task WriteErrorAsync(HttpContext context, FeishuException error)
    {
        var response = context.Response;
        response.StatusCode = error.Error.HttpStatus;
        if (error.RateLimit is { } limit)
        {
            response.Headers["x-ogw-ratelimit-limit"] = limit.Limit.ToString();
            response.Headers["x-ogw-ratelimit-reset"] = limit.ResetSeconds.ToString();
            response.Headers.RetryAfter = limit.ResetSeconds.ToString();
        }
        var violations = error.FieldViolations?.Select(v => new FieldViolationWire(v.Field, v.Value, v.Description)).ToList();
        var scopes = error.MissingScopes?.Select(s => new PermissionViolationWire("action_scope_required", s, s, $"the scope {s}")).ToList();
        var msg = error.MissingScopes is { } missing ? $"{error.Error.Msg}: [{string.Join(", ", missing)}]" : error.Error.Msg;
        var body = new ErrorResponse(error.Error.Code, msg,
            new ErrorDetail(error.Detail ?? msg, LogIds.Of(context), violations, scopes));
        await response.WriteAsJsonAsync(body, Json, "application/json; charset=utf-8");
    }

    /// <summary>The OAuth token endpoint's failure shape: {code, error, error_description} with the entry's status.</summary>
    public static IResult OAuthError(FeishuException error) => Results.Json(
        new OAuthErrorResponse(error.Error.Code, error.Error.Msg, error.Detail ?? error.Error.Msg), Json, statusCode: error.Error.HttpStatus);

    /// <summary>Reads a JSON body, answering <paramref name="invalid"/> when it is not JSON of that shape.</summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, FeishuError invalid) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Json, request.HttpContext.RequestAborted)
                ?? throw invalid.With("the request body is empty");
        }
        catch (JsonException e)
        {
            throw invalid.With($"the request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>The caller the bearer token identified (set by <see cref="RequireToken"/>).</summary>
    public static Caller Caller(this HttpContext context) =>
        context.Items[typeof(Caller)] as Caller ?? throw new InvalidOperationException("route is not behind RequireToken");

    /// <summary>The scheme and host the client used, for URLs that point back at this server.</summary>
    public static string PublicBaseUrl(this HttpRequest request) => $"{request.Scheme}://{request.Host}";
}

/// <summary>Request log ids: one per request, in X-Tt-Logid and error.log_id.</summary>
public static class LogIds
{
    public static string Of(HttpContext context) => (string)context.Items[typeof(LogIds)]!;

    public static IApplicationBuilder UseLogIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var logId = Core.Ids.Ids.LogId(context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());
        context.Items[typeof(LogIds)] = logId;
        context.Response.Headers["X-Tt-Logid"] = logId;
        context.Response.Headers["X-Request-Id"] = logId;
        await next();
    });
}
