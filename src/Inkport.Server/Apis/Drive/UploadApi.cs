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

/// <summary>drive/v1 uploads and downloads of bytes: media (spec/02 §1, §5).</summary>
public static class UploadApi
{
    public static void MapUploadApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/drive/v1/medias/upload_all", UploadAll).RequireScopes(Scopes.MediaUpload);
        api.MapGet("/drive/v1/medias/{fileToken}/download", DownloadMedia).RequireScopes(Scopes.MediaDownload);
    }

    /// <summary>Form fields are small; anything longer is not a field of this API.</summary>
    private const int MaxFieldBytes = 64 * 1024;

    private static async Task<IResult> UploadAll(HttpContext context, MediaUploads uploads, RateLimiter limiter)
    {
        var caller = context.Caller();
        var ct = context.RequestAborted;
        await limiter.CheckAsync(RateRules.MediaUpload, caller.AppId, ct);

        var boundary = MultipartBoundary(context.Request);
        var reader = new MultipartReader(boundary, context.Request.Body);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        StagedBytes? file = null;
        try
        {
            try
            {
                // Read the body part by part: the file streams to storage as it arrives (a part without a
                // filename, as the Node SDK sends Buffers, is a file all the same).
                for (var section = await reader.ReadNextSectionAsync(ct); section is not null; section = await reader.ReadNextSectionAsync(ct))
                {
                    if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || disposition.Name.Value is null)
                        throw FeishuErrors.DriveParams.With("a multipart part has no Content-Disposition name");
                    var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value!;
                    if (name == "file")
                    {
                        if (file is not null) throw FeishuErrors.DriveParams.With("more than one file part");
                        file = await uploads.StageAsync(section.Body, fields.GetValueOrDefault("size"), ct);
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
        var media = await uploads.CompleteAsync(caller, fields, file, ct);
        return Feishu.Ok(new FileTokenData(media.FileToken));
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

    private static async Task<IResult> DownloadMedia(HttpContext context, string fileToken, IInkportStorage storage, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.MediaDownload, caller.AppId, context.RequestAborted);
        var media = await storage.Media.GetAsync(fileToken, context.RequestAborted);
        if (media is null || media.TenantKey != caller.TenantKey) throw FeishuErrors.DriveNotFound.Exception();
        if (media.OwnerId != caller.OwnerId) throw FeishuErrors.DriveForbidden.Exception();
        var stream = await storage.Blobs.OpenReadAsync(media.BlobId, context.RequestAborted) ?? throw FeishuErrors.DriveNotFound.Exception();
        return Results.File(stream, ContentTypes.Of(media.FileName), media.FileName, enableRangeProcessing: true);
    }
}
