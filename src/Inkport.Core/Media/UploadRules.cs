using System.Globalization;
using System.Text.Json;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>Field rules every upload API shares (02 §1–3): file names, sizes, Adler-32 checksums, the import
/// `extra`, and the tenant quota.</summary>
public static class UploadRules
{
    /// <summary>02 §1: file_name at most 250 characters.</summary>
    public const int MaxFileNameLength = 250;

    public static string FileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > MaxFileNameLength)
            throw FeishuErrors.InvalidFileName.With($"file_name must be 1–{MaxFileNameLength} characters");
        return fileName;
    }

    /// <summary>A byte count sent as decimal text (form fields).</summary>
    public static long Size(string? text, string field = "size")
    {
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw Params(field, text, "must be a size in bytes as a decimal integer");
        return size;
    }

    /// <summary>An optional Adler-32 (decimal string) that must match what was received.</summary>
    public static void Checksum(string? text, uint actual, string what = "the file")
    {
        if (string.IsNullOrEmpty(text)) return;
        if (!uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var checksum))
            throw Params("checksum", text, $"must be the Adler-32 of {what} as a decimal string");
        if (checksum != actual)
            throw FeishuErrors.ChecksumInvalid.With($"Adler-32 of {what} received is {actual}, not {checksum}");
    }

    /// <summary>02 §1.2: extra is a JSON object serialised to a string: {"obj_type":"docx","file_extension":"md"}.</summary>
    public static (string ObjType, string Extension) ImportExtra(string? extra)
    {
        const string expected = "must be a JSON string like {\"obj_type\":\"docx\",\"file_extension\":\"md\"}";
        if (string.IsNullOrWhiteSpace(extra)) throw Params("extra", extra, $"is required for ccm_import_open and {expected}");
        try
        {
            using var json = JsonDocument.Parse(extra);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.String) // tolerate a doubly serialised string
                return ImportExtra(root.GetString());
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

    /// <summary>Refuses <paramref name="bytes"/> more when the tenant's stored files, media and the sizes reserved by
    /// its multipart uploads in progress would then pass the quota (0 = unlimited).</summary>
    public static async Task EnsureQuotaAsync(IInkportStorage storage, DriveLimits limits, string tenantKey, long bytes, CancellationToken ct)
    {
        if (limits.TenantQuotaBytes <= 0) return;
        var used = await storage.Drive.TenantUsageAsync(tenantKey, ct) + await storage.UploadSessions.TenantReservedAsync(tenantKey, ct);
        if (used + bytes > limits.TenantQuotaBytes)
            throw FeishuErrors.FileQuotaExceeded.With($"the tenant stores {used} of {limits.TenantQuotaBytes} bytes; {bytes} more do not fit");
    }

    public static FeishuException Params(string field, string? value, string why) =>
        new(FeishuErrors.DriveParams, $"{field} {why}") { FieldViolations = [new FieldViolation(field, value, why)] };
}
