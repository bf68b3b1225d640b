using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Inkport.Conversion;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>Bytes of a file part already streamed into the blob store, with what was measured on the way.</summary>
public sealed record StagedBytes(string BlobId, long Length, uint Checksum);

/// <summary>`medias/upload_all` (02 §1): the file part is streamed into the blob store under the 20 MB cap
/// while its size and Adler-32 are measured; then the form is validated and the media recorded.
/// Whatever fails, the staged bytes are removed.</summary>
public sealed class MediaUploads(IInkportStorage storage, TimeProvider clock)
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

    /// <summary>02 §1: file_name at most 250 characters.</summary>
    public const int MaxFileNameLength = 250;

    /// <summary>Streams a file part into a new blob. A declared size over the cap is refused before reading.</summary>
    public async Task<StagedBytes> StageAsync(Stream content, string? declaredSize, CancellationToken ct)
    {
        if (long.TryParse(declaredSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size > MaxUploadAllBytes)
            throw FeishuErrors.FileSizeBeyondLimit.With($"size {size} is over {MaxUploadAllBytes}; use upload_prepare/upload_part/upload_finish");
        var blobId = Ids.Ids.Token();
        var metered = new MeteredStream(content, MaxUploadAllBytes);
        try
        {
            await storage.Blobs.WriteAsync(blobId, metered, ct);
        }
        catch (SizeLimitExceededException)
        {
            throw FeishuErrors.FileSizeBeyondLimit.With($"the file is over {MaxUploadAllBytes} bytes; use upload_prepare/upload_part/upload_finish");
        }
        return new StagedBytes(blobId, metered.BytesRead, metered.Checksum);
    }

    /// <summary>Validates the form fields against the staged bytes and records the media.</summary>
    public async Task<MediaFile> CompleteAsync(Caller caller, IReadOnlyDictionary<string, string> fields, StagedBytes? file, CancellationToken ct)
    {
        try
        {
            var media = Validate(caller, fields, file);
            await storage.Media.InsertAsync(media, ct);
            return media;
        }
        catch
        {
            if (file is not null) await storage.Blobs.DeleteAsync(file.BlobId, CancellationToken.None);
            throw;
        }
    }

    private MediaFile Validate(Caller caller, IReadOnlyDictionary<string, string> fields, StagedBytes? file)
    {
        var fileName = fields.GetValueOrDefault("file_name");
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > MaxFileNameLength)
            throw FeishuErrors.InvalidFileName.With($"file_name must be 1–{MaxFileNameLength} characters");

        var parentType = fields.GetValueOrDefault("parent_type");
        if (parentType is null || !ParentTypes.Contains(parentType))
            throw Params("parent_type", parentType, "must be one of the documented upload points, e.g. ccm_import_open");
        var parentNode = fields.GetValueOrDefault("parent_node") ?? "";
        if (parentType != ImportParentType && parentNode.Length == 0)
            throw Params("parent_node", parentNode, $"is required for parent_type {parentType}");

        if (!fields.TryGetValue("size", out var sizeText) || !long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw Params("size", sizeText, "must be the file size in bytes as a decimal integer");
        if (file is null)
            throw Params("file", null, "the multipart form has no file part");
        if (size != file.Length)
            throw FeishuErrors.SizeMismatch.With($"size says {size} bytes, {file.Length} arrived");

        if (fields.TryGetValue("checksum", out var checksumText) && checksumText.Length > 0)
        {
            if (!uint.TryParse(checksumText, NumberStyles.None, CultureInfo.InvariantCulture, out var checksum))
                throw Params("checksum", checksumText, "must be the Adler-32 of the file as a decimal string");
            if (checksum != file.Checksum)
                throw FeishuErrors.ChecksumInvalid.With($"Adler-32 of the bytes received is {file.Checksum}");
        }

        var (objType, extension) = parentType == ImportParentType ? ParseImportExtra(fields.GetValueOrDefault("extra")) : (null, null);
        return new MediaFile
        {
            FileToken = Ids.Ids.Token(), AppId = caller.AppId, TenantKey = caller.TenantKey, OwnerId = caller.OwnerId,
            FileName = fileName, ParentType = parentType, ParentNode = parentNode, Size = size,
            ImportObjType = objType, ImportFileExtension = extension, BlobId = file.BlobId, CreatedAt = clock.GetUtcNow(),
        };
    }

    /// <summary>02 §1.2: extra is a JSON object serialised to a string: {"obj_type":"docx","file_extension":"md"}.</summary>
    private static (string ObjType, string Extension) ParseImportExtra(string? extra)
    {
        const string expected = "must be a JSON string like {\"obj_type\":\"docx\",\"file_extension\":\"md\"}";
        if (string.IsNullOrWhiteSpace(extra)) throw Params("extra", extra, $"is required for ccm_import_open and {expected}");
        try
        {
            using var json = JsonDocument.Parse(extra);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.String) // tolerate a doubly serialised string
                return ParseImportExtra(root.GetString());
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("obj_type", out var objType) || objType.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("file_extension", out var ext) || ext.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(ext.GetString()))
                throw Params("extra", extra, expected);
            if (!ImportTargets.TryParse(objType.GetString(), out _))
                throw Params("extra", extra, "obj_type must be docx, sheet or bitable");
            return (objType.GetString()!, ext.GetString()!);
        }
        catch (JsonException)
        {
            throw Params("extra", extra, expected);
        }
    }

    private static FeishuException Params(string field, string? value, string why) =>
        new(FeishuErrors.DriveParams, $"{field} {why}") { FieldViolations = [new FieldViolation(field, value, why)] };
}
