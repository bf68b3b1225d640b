using Inkport.Contracts;
using Inkport.Conversion;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Limits;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Drive;

/// <summary>drive/v1 import tasks (spec/03).</summary>
public static class ImportApi
{
    public static void MapImportApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/drive/v1/import_tasks", CreateImportTask).RequireScopes(Scopes.ImportCreate);
        api.MapGet("/drive/v1/import_tasks/{ticket}", GetImportTask).RequireScopes(Scopes.ImportGet);
    }

    private static async Task<IResult> CreateImportTask(HttpContext context, ImportService imports, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.ImportCreate, caller.AppId, context.RequestAborted);
        var body = await Feishu.ReadJsonAsync<ImportTaskRequest>(context.Request, FeishuErrors.ImportInvalidParam);
        var request = new ImportRequest(body.FileExtension, body.FileToken, body.Type, body.FileName, body.Point?.MountType, body.Point?.MountKey);
        var task = await imports.CreateAsync(caller, request, context.RequestAborted);
        return Feishu.Ok(new TicketData(task.Ticket));
    }

    private static async Task<IResult> GetImportTask(HttpContext context, string ticket, ImportService imports, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.ImportGet, caller.AppId, context.RequestAborted);
        var task = await imports.GetAsync(caller, ticket, context.RequestAborted);
        return Feishu.Ok(new ImportTaskData(ToWire(task, context.Request.PublicBaseUrl())));
    }

    /// <summary>03 §2: token and url only once the document exists; status 0 never without them.</summary>
    private static ImportTaskResult ToWire(ImportTask task, string baseUrl)
    {
        var done = task.State == ImportState.Succeeded && task.DocumentToken is not null;
        var url = done ? $"{baseUrl}/{DocumentUrls.Segment(task.Target)}/{task.DocumentToken}" : "";
        return new ImportTaskResult(task.Ticket, task.Target.WireName(), task.JobStatus, task.JobErrorMsg,
            done ? task.DocumentToken! : "", url, task.Extra);
    }
}
