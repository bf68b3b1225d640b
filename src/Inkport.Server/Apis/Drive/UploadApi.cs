using System.Text;
using Inkport.Contracts;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Limits;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Server.Wire;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Inkport.Server.Apis.Drive;

/// <summary>drive/v1 uploads and downloads of bytes: media (spec/02 §1, §2, §5) and drive files (§3).</summary>
public static class UploadApi
{
    public static void MapUploadApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/drive/v1/medias/upload_all", UploadAll).RequireScopes(Scopes.MediaUpload);
        api.MapPost("/drive/v1/medias/upload_prepare", (HttpContext c, MultipartUploads u, RateLimiter l) => Prepare(c, u, l, UploadKind.Media)).RequireScopes(Scopes.MediaUpload);
        api.MapPost("/drive/v1/medias/upload_part", (HttpContext c, MultipartUploads u, RateLimiter l) => Part(c, u, l, UploadKind.Media)).RequireScopes(Scopes.MediaUpload);
        api.MapPost("/drive/v1/medias/upload_finish", (HttpContext c, MultipartUploads u, RateLimiter l) => Finish(c, u, l, UploadKind.Media)).RequireScopes(Scopes.MediaUpload);
        api.MapGet("/drive/v1/medias/{fileToken}/download", DownloadMedia).RequireScopes(Scopes.MediaDownload);

        api.MapPost("/drive/v1/files/upload_all", UploadFile).RequireScopes(Scopes.FileUpload);
        api.MapPost("/drive/v1/files/upload_prepare", (HttpContext c, MultipartUploads u, RateLimiter l) => Prepare(c, u, l, UploadKind.DriveFile)).RequireScopes(Scopes.FileUpload);
        api.MapPost("/drive/v1/files/upload_part", (HttpContext c, MultipartUploads u, RateLimiter l) => Part(c, u, l, UploadKind.DriveFile)).RequireScopes(Scopes.FileUpload);
        api.MapPost("/drive/v1/files/upload_finish", (HttpContext c, MultipartUploads u, RateLimiter l) => Finish(c, u, l, UploadKind.DriveFile)).RequireScopes(Scopes.FileUpload);
        api.MapGet("/drive/v1/files/{fileToken}/download", DownloadFile).RequireScopes(Scopes.FileDownload);
    }

    /// <summary>Form fields are small; anything longer is not a field of this API.</summary>
    private const int MaxFieldBytes = 64 * 1024;
    private const int UploadReadBuffer = 64 * 1024;

    private static async Task<IResult> UploadAll(HttpContext context, MediaUploads uploads, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.MediaUpload, caller.AppId, context.RequestAborted);
        var (fields, file) = await ReadFormAsync(context, (body, f, ct) => uploads.StageAsync(body, f.GetValueOrDefault("size"), ct));
        var media = await uploads.CompleteAsync(caller, fields, file, context.RequestAborted);
        return Feishu.Ok(new FileTokenData(media.FileToken));
    }

    private static async Task<IResult> UploadFile(HttpContext context, DriveFileUploads files, IInkportStorage storage, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.FileUploadAll, caller.AppId, context.RequestAborted);
        var (fields, file) = await ReadFormAsync(context, (body, f, ct) => MediaUploads.StageAsync(storage.Blobs, body, f.GetValueOrDefault("size"), ct));
        var node = await files.UploadAllAsync(caller, fields, file, context.RequestAborted);
        return Feishu.Ok(new FileTokenData(node.Token));
    }

    private static async Task<IResult> Prepare(HttpContext context, MultipartUploads uploads, RateLimiter limiter, UploadKind kind)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(kind == UploadKind.Media ? RateRules.MediaUploadPrepare : RateRules.FileUploadPrepare, caller.AppId, context.RequestAborted);
        var body = await Feishu.ReadJsonAsync<UploadPrepareRequest>(context.Request, FeishuErrors.DriveParams);
        var session = await uploads.PrepareAsync(caller, kind, new PrepareRequest(body.FileName, body.ParentType, body.ParentNode, body.Size, body.Extra), context.RequestAborted);
        return Feishu.Ok(new UploadPrepareData(session.UploadId, session.BlockSize, session.BlockNum));
    }

    private static async Task<IResult> Part(HttpContext context, MultipartUploads uploads, RateLimiter limiter, UploadKind kind)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(kind == UploadKind.Media ? RateRules.MediaUploadPart : RateRules.FileUploadPart, caller.AppId, context.RequestAborted);
        var (fields, file) = await ReadFormAsync(context, (body, _, ct) => uploads.StagePartAsync(body, ct));
        await uploads.PutPartAsync(caller, kind, fields, file, context.RequestAborted);
        return Feishu.Ok(new Empty());
    }

    private static async Task<IResult> Finish(HttpContext context, MultipartUploads uploads, RateLimiter limiter, UploadKind kind)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(kind == UploadKind.Media ? RateRules.MediaUploadFinish : RateRules.FileUploadFinish, caller.AppId, context.RequestAborted);
        var body = await Feishu.ReadJsonAsync<UploadFinishRequest>(context.Request, FeishuErrors.DriveParams);
        var fileToken = await uploads.FinishAsync(caller, kind, body.UploadId, body.BlockNum, context.RequestAborted);
        return Feishu.Ok(new FileTokenData(fileToken));
    }

    /// <summary>Reads a multipart form part by part: fields into a dictionary, the file part streamed to storage by
    /// <paramref name="stage"/> as it arrives (a part without a filename, as the Node SDK sends Buffers, is a file
    /// all the same). Staged bytes are removed when the rest of the body cannot be read.</summary>
    private static async Task<(Dictionary<string, string> Fields, StagedBytes? File)> ReadFormAsync(HttpContext context,
        Func<Stream, IReadOnlyDictionary<string, string>, CancellationToken, Task<StagedBytes>> stage)
    {
        var ct = context.RequestAborted;
        // 64 KB reads instead of the reader's default 4 KB: a 20 MB file part is read in 320 steps, not 5,000.
        var reader = new MultipartReader(MultipartBoundary(context.Request), context.Request.Body, UploadReadBuffer);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        StagedBytes? file = null;
        try
        {
            try
            {
                for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is null)
                        throw FeishuErrors.DriveParams.With("a multipart part has no Content-Disposition name");
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!;
                    if (name == "file")
                    {
                        if (file is not null) throw FeishuErrors.DriveParams.With("more than one file part");
                        file = await stage(section.Body, fields, ct);
                    }
                    else
                    {
                        fields[name] = await ReadFieldAsync(section, name, ct);
                    }
                }
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                throw FeishuErrors.DriveParams.With($"the multipart body could not be read: {e.Message}");
            }
        }
        catch when (file is not null)
        {
            await context.RequestServices.GetRequiredService<IInkportStorage>().Blobs.DeleteAsync(file.BlobId, CancellationToken.None);
            throw;
        }
        return (fields, file);
    }

    private static string MultipartBoundary(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw FeishuErrors.DriveParams.With("the body must be multipart/form-data");
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary) || boundary.Length > 200)
            throw FeishuErrors.DriveParams.With("the multipart boundary is missing or too long");
        return boundary;
    }

    private static async Task<string> ReadFieldAsync(MultipartSection section, string name, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int n;
        while ((n = await section.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + n > MaxFieldBytes) throw FeishuErrors.DriveParams.With($"form field {name} is too long");
            buffer.Write(chunk, 0, n);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<IResult> DownloadMedia(HttpContext context, string fileToken, IInkportStorage storage, DriveService drive, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.MediaDownload, caller.AppId, context.RequestAborted);
        var media = await storage.Media.GetAsync(fileToken, context.RequestAborted);
        if (media is null || media.TenantKey != caller.TenantKey) throw FeishuErrors.DriveNotFound.Exception();
        if (!await drive.CanReadMediaAsync(caller, media, context.RequestAborted)) throw FeishuErrors.DriveForbidden.Exception();
        var stream = await storage.Blobs.OpenReadAsync(media.BlobId, context.RequestAborted) ?? throw FeishuErrors.DriveNotFound.Exception();
        return Results.File(stream, ContentTypes.Of(media.FileName), media.FileName, enableRangeProcessing: true);
    }

    private static async Task<IResult> DownloadFile(HttpContext context, string fileToken, DriveFileUploads files, IInkportStorage storage, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.FileDownload, caller.AppId, context.RequestAborted);
        var node = await files.DownloadableAsync(caller, fileToken, context.RequestAborted);
        var stream = await storage.Blobs.OpenReadAsync(node.BlobId!, context.RequestAborted) ?? throw FeishuErrors.DriveNotFound.Exception();
        return Results.File(stream, ContentTypes.Of(node.Name), node.Name, enableRangeProcessing: true);
    }
}
