using System.Collections.Frozen;
using System.Globalization;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>Bytes of a file part already streamed into the blob store, with what was measured on the way.</summary>
public sealed record StagedBytes(string BlobId, long Length, uint Checksum);

/// <summary>`medias/upload_all` (02 §1): the file part is streamed into the blob store under the 20 MB cap
/// while its size and Adler-32 are measured; then the form is validated and the media recorded.
/// Whatever fails, the staged bytes are removed.</summary>
public sealed class MediaUploads(IInkportStorage storage, DriveLimits limits, TimeProvider clock)
{
    /// <summary>02 §1: `size` max 20971520.</summary>
    public const long MaxUploadAllBytes = 20 * 1024 * 1024;

    public const string ImportParentType = "ccm_import_open";

    /// <summary>02 §1.1: documented values plus those only the node SDK types (accepted as opaque).</summary>
    public static readonly FrozenSet<string> ParentTypes = new[]
    {
        "doc_image", "docx_image", "sheet_image", "doc_file", "docx_file", "sheet_file", "vc_virtual_background",
        "bitable_image", "bitable_file", "moments", ImportParentType,
        "calendar", "base_global", "lark_ai_media_analysis", "whiteboard", "mindnote_image", "comment_image",
        "slide_img", "slide_file", "email", "bitable_tmp_point", "office_sheet_file", "office_slide_file",
    }.ToFrozenSet();

    /// <summary>Streams a file part into a new blob. A declared size over the cap is refused before reading.</summary>
    public Task<StagedBytes> StageAsync(Stream content, string? declaredSize, CancellationToken ct) => StageAsync(storage.Blobs, content, declaredSize, ct);

    /// <summary>Streams an upload_all file part (media or drive file) into a new blob under the 20 MB cap.</summary>
    public static async Task<StagedBytes> StageAsync(IBlobStore blobs, Stream content, string? declaredSize, CancellationToken ct)
    {
        if (long.TryParse(declaredSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > MaxUploadAllBytes)
            throw FeishuErrors.FileSizeBeyondLimit.With($"size {size} is over {MaxUploadAllBytes}; use upload_prepare/upload_part/upload_finish");
        return await StageAsync(blobs, content, MaxUploadAllBytes, () =>
            FeishuErrors.FileSizeBeyondLimit.With($"the file is over {MaxUploadAllBytes} bytes; use upload_prepare/upload_part/upload_finish"), ct);
    }

    /// <summary>Streams bytes into a new blob while measuring them; more than <paramref name="maxBytes"/> stops the
    /// write (nothing is kept) with the error <paramref name="tooLarge"/> makes.</summary>
    public static async Task<StagedBytes> StageAsync(IBlobStore blobs, Stream content, long maxBytes, Func<FeishuException> tooLarge, CancellationToken ct)
    {
        var blobId = Ids.Ids.Token();
        var metered = new MeteredStream(content, maxBytes);
        try
        {
            await blobs.WriteAsync(blobId, metered, ct);
        }
        catch (SizeLimitExceededException)
        {
            throw tooLarge();
        }
        return new StagedBytes(blobId, metered.BytesRead, metered.Checksum);
    }

    /// <summary>Validates the form fields against the staged bytes and records the media.</summary>
    public async Task<MediaFile> CompleteAsync(Caller caller, IReadOnlyDictionary<string, string> fields, StagedBytes? file, CancellationToken ct)
    {
        try
        {
            var media = await ValidateAsync(caller, fields, file, ct);
            await storage.Media.InsertAsync(media, ct);
            return media;
        }
        catch
        {
            if (file is not null) await storage.Blobs.DeleteAsync(file.BlobId, CancellationToken.None);
            throw;
        }
    }

    private async Task<MediaFile> ValidateAsync(Caller caller, IReadOnlyDictionary<string, string> fields, StagedBytes? file, CancellationToken ct)
    {
        var fileName = UploadRules.FileName(fields.GetValueOrDefault("file_name"));
        var (parentType, parentNode) = UploadPoint(fields.GetValueOrDefault("parent_type"), fields.GetValueOrDefault("parent_node"));
        var size = UploadRules.Size(fields.GetValueOrDefault("size"));
        if (file is null)
            throw UploadRules.Params("file", null, "the multipart form has no file part");
        if (size != file.Length)
            throw FeishuErrors.SizeMismatch.With($"size says {size} bytes, {file.Length} arrived");
        UploadRules.Checksum(fields.GetValueOrDefault("checksum"), file.Checksum);

        var (objType, extension) = parentType == ImportParentType ? UploadRules.ImportExtra(fields.GetValueOrDefault("extra")) : (null, null);
        await UploadRules.EnsureQuotaAsync(storage, limits, caller.TenantKey, size, ct);
        return new MediaFile
        {
            FileToken = Ids.Ids.Token(), AppId = caller.AppId, TenantKey = caller.TenantKey, OwnerId = caller.OwnerId,
            FileName = fileName, ParentType = parentType, ParentNode = parentNode, Size = size,
            ImportObjType = objType, ImportFileExtension = extension, BlobId = file.BlobId, CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>02 §1.1: parent_type from the enum; parent_node required except for import staging (absent or empty).</summary>
    public static (string ParentType, string ParentNode) UploadPoint(string? parentType, string? parentNode)
    {
        if (parentType is null || !ParentTypes.Contains(parentType))
            throw UploadRules.Params("parent_type", parentType, "must be one of the documented upload points, e.g. ccm_import_open");
        parentNode ??= "";
        if (parentType != ImportParentType && parentNode.Length == 0)
            throw UploadRules.Params("parent_node", parentNode, $"is required for parent_type {parentType}");
        return (parentType, parentNode);
    }
}
