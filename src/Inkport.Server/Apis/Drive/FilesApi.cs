using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Inkport.Contracts;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Limits;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Drive;

/// <summary>The drive itself: root folder, folders, listings, metadata, deletion (spec/04).</summary>
public static class FilesApi
{
    public static void MapFilesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/drive/explorer/v2/root_folder/meta", RootFolderMeta).RequireScopes(Scopes.RootFolder);
        api.MapPost("/drive/v1/files/create_folder", CreateFolder).RequireScopes(Scopes.CreateFolder);
        api.MapGet("/drive/v1/files", ListFiles).RequireScopes(Scopes.ListFiles);
        api.MapPost("/drive/v1/metas/batch_query", BatchQueryMetas).RequireScopes(Scopes.Metas);
        api.MapDelete("/drive/v1/files/{fileToken}", DeleteFile).RequireScopes(Scopes.DeleteFile);
        api.MapGet("/drive/v1/files/task_check", TaskCheck).RequireScopes(Scopes.TaskCheck);
    }

    /// <summary>04 §3: page_size at most 200; 100 when absent.</summary>
    private const int MaxPageSize = 200;
    private const int DefaultPageSize = 100;

    private static async Task<IResult> RootFolderMeta(HttpContext context, DriveService drive)
    {
        var caller = context.Caller();
        var root = await drive.RootOfAsync(caller, context.RequestAborted);
        return Feishu.Ok(new RootFolderData(root.Token, NumericIds.Of(root.Token), caller.OwnerId), "Success");
    }

    private static async Task<IResult> CreateFolder(HttpContext context, DriveService drive, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.CreateFolder, caller.AppId, context.RequestAborted);
        var body = await Feishu.ReadJsonAsync<CreateFolderRequest>(context.Request, FeishuErrors.DriveParams);
        var folder = await drive.CreateFolderAsync(caller, body.Name, body.FolderToken, context.RequestAborted);
        return Feishu.Ok(new CreatedFolderData(folder.Token, UrlOf(context, folder)));
    }

    private static async Task<IResult> ListFiles(HttpContext context, DriveService drive, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.ListFiles, caller.AppId, context.RequestAborted);
        var query = context.Request.Query;
        var pageSize = DefaultPageSize;
        if (query["page_size"].ToString() is { Length: > 0 } sizeText && (!int.TryParse(sizeText, out pageSize) || pageSize < 1 || pageSize > MaxPageSize))
            throw FeishuErrors.DrivePageSizeOutOfLimit.With($"page_size must be 1–{MaxPageSize}");
        var order = query["order_by"].ToString() switch
        {
            "" or "EditedTime" => NodeOrder.EditedTime,
            "CreatedTime" => NodeOrder.CreatedTime,
            var other => throw FeishuErrors.DriveParams.With($"order_by {other} is not EditedTime or CreatedTime"),
        };
        var descending = query["direction"].ToString() switch
        {
            "" or "DESC" => true,
            "ASC" => false,
            var other => throw FeishuErrors.DriveParams.With($"direction {other} is not ASC or DESC"),
        };
        if (!Core.Documents.PageTokens.TryDecode(query["page_token"], out var offset))
            throw FeishuErrors.DriveParams.With("page_token is not one this API returned");

        var folderToken = query["folder_token"].ToString();
        var folder = await drive.FolderAsync(caller, folderToken, FeishuErrors.DriveNotFound, context.RequestAborted);
        if (await drive.AccessAsync(caller, folder, context.RequestAborted) < Permission.View)
            throw FeishuErrors.DriveForbidden.With("listing a folder needs view permission on it");

        // 04 §3: the root listing returns everything at once.
        var isRoot = folderToken.Length == 0;
        var limit = isRoot ? drive.Limits.MaxChildren : pageSize;
        var page = await drive.ListAsync(folder, order, descending, isRoot ? 0 : offset, limit + 1, context.RequestAborted);
        var more = !isRoot && page.Count > limit;
        var files = page.Take(limit).Select(n => new FileEntry(n.Token, n.Name, n.Type.WireName(), n.ParentToken ?? "", UrlOf(context, n),
            Seconds(n.CreatedAt), Seconds(n.ModifiedAt), n.OwnerId)).ToList();
        return Feishu.Ok(new FileListData(files, more ? Core.Documents.PageTokens.Encode(offset + limit) : null, more));
    }

    /// <summary>04 §4: per-document results; what cannot be read is listed in failed_list with its code.</summary>
    private static async Task<IResult> BatchQueryMetas(HttpContext context, DriveService drive, Identities identities, RateLimiter limiter)
    {
        const int unsupportedType = 970002, noPermission = 970003, notFound = 970005;
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.Metas, caller.AppId, context.RequestAborted);
        var body = await Feishu.ReadJsonAsync<MetaRequest>(context.Request, FeishuErrors.DriveParams);
        if (body.RequestDocs is not { Count: >= 1 and <= 200 } docs) throw FeishuErrors.DriveParams.With("request_docs must hold 1–200 items");
        var metas = new List<MetaWire>();
        var failed = new List<MetaFailure>();
        foreach (var doc in docs)
        {
            var token = doc.DocToken ?? "";
            if (doc.DocType is not ("docx" or "sheet" or "bitable" or "file" or "folder")) { failed.Add(new(token, unsupportedType)); continue; }
            var node = await drive.GetAsync(token, context.RequestAborted);
            if (node is null || node.TenantKey != caller.TenantKey || node.Type.WireName() != doc.DocType) { failed.Add(new(token, notFound)); continue; }
            if (await drive.AccessAsync(caller, node, context.RequestAborted) < Permission.View) { failed.Add(new(token, noPermission)); continue; }
            metas.Add(new MetaWire(node.Token, doc.DocType, node.Name, node.OwnerId, Seconds(node.CreatedAt), node.OwnerId,
                Seconds(node.ModifiedAt), body.WithUrl == true ? UrlOf(context, node) : null));
        }
        return Feishu.Ok(new MetaData(metas, failed));
    }

    private static async Task<IResult> DeleteFile(HttpContext context, string fileToken, DriveService drive, NodeContents contents,
        RateLimiter limiter, Identities identities)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.DeleteFile, caller.AppId, context.RequestAborted);
        var type = context.Request.Query["type"].ToString();
        var removed = await drive.DeleteAsync(caller, fileToken, type, context.RequestAborted);
        await contents.RemoveAsync(removed, CancellationToken.None);
        // 04 §5: a folder's deletion is a task; Inkport finishes it before answering, so its check reports success.
        return type == "folder"
            ? Feishu.Ok(new TaskIdData(DeletionTasks.IdFor(fileToken, identities.FindApp(caller.AppId)!)))
            : Feishu.Ok(new Empty());
    }

    private static IResult TaskCheck(HttpContext context, Identities identities)
    {
        var caller = context.Caller();
        var taskId = context.Request.Query["task_id"].ToString();
        if (!DeletionTasks.IsIssuedBy(taskId, identities.FindApp(caller.AppId)!))
            throw FeishuErrors.DriveNotFound.With($"no task {taskId}");
        return Feishu.Ok(new TaskStatusData("success"));
    }

    private static string Seconds(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static string UrlOf(HttpContext context, DriveNode node) => $"{context.Request.PublicBaseUrl()}/{node.Type.UrlSegment()}/{node.Token}";
}

/// <summary>Folder deletions finish before their answer, so a task id only has to prove it was issued to this app:
/// the folder token and an HMAC of it under the app's secret. Stateless, so any process can check it.</summary>
internal static class DeletionTasks
{
    public static string IdFor(string folderToken, AppCredentials app) => $"{folderToken}-{Mac(folderToken, app)}";

    public static bool IsIssuedBy(string taskId, AppCredentials app)
    {
        var dash = taskId.LastIndexOf('-');
        return dash > 0 && TokenService.SecretsEqual(Mac(taskId[..dash], app), taskId[(dash + 1)..]);
    }

    private static string Mac(string folderToken, AppCredentials app) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(app.AppSecret), Encoding.UTF8.GetBytes("delete:" + folderToken)))[..20];
}
