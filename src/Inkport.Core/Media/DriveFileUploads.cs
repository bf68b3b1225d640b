using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>Files uploaded into a drive folder (02 §3): `files/upload_all`, and the folder rules the multipart
/// `files/upload_*` calls share. The file becomes a drive node of type File owned by the caller, placed under
/// the tree limits of 04 §6; it stays after an import reads it.</summary>
public sealed class DriveFileUploads(IInkportStorage storage, DriveService drive, TimeProvider clock)
{
    /// <summary>02 §3.1: the only upload point of drive files Inkport has (the node SDK also types "wiki").</summary>
    public const string ParentType = "explorer";

    /// <summary>Validates the form against the staged bytes and places the file; the bytes are removed on any failure.</summary>
    public async Task<DriveNode> UploadAllAsync(Caller caller, IReadOnlyDictionary<string, string> fields, StagedBytes? file, CancellationToken ct)
    {
        try
        {
            if (!string.IsNullOrEmpty(fields.GetValueOrDefault("file_token")))
                throw FeishuErrors.NotImplemented.With("uploading a new version of an existing file (file_token) is not emulated");
            var fileName = UploadRules.FileName(fields.GetValueOrDefault("file_name"));
            var folder = await FolderAsync(caller, fields.GetValueOrDefault("parent_type"), fields.GetValueOrDefault("parent_node"), ct);
            var size = UploadRules.Size(fields.GetValueOrDefault("size"));
            if (file is null) throw UploadRules.Params("file", null, "the multipart form has no file part");
            if (size != file.Length) throw FeishuErrors.SizeMismatch.With($"size says {size} bytes, {file.Length} arrived");
            RequireNotEmpty(size);
            UploadRules.Checksum(fields.GetValueOrDefault("checksum"), file.Checksum);
            await UploadRules.EnsureQuotaAsync(storage, drive.Limits, caller.TenantKey, size, ct);
            return await PlaceAsync(caller, folder, fileName, file.BlobId, size, ct);
        }
        catch
        {
            if (file is not null) await storage.Blobs.DeleteAsync(file.BlobId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>02 §3: empty files are not allowed.</summary>
    public static void RequireNotEmpty(long size)
    {
        if (size <= 0) throw UploadRules.Params("size", size.ToString(), "must be at least 1: empty files cannot be uploaded into a folder");
    }

    /// <summary>The folder a file goes into: parent_type explorer and parent_node a folder of the caller's tenant
    /// (1061044 otherwise) on which the caller has edit permission (1061004 otherwise).</summary>
    public async Task<DriveNode> FolderAsync(Caller caller, string? parentType, string? parentNode, CancellationToken ct)
    {
        if (parentType != ParentType)
            throw UploadRules.Params("parent_type", parentType, $"must be {ParentType}");
        if (parentNode is null)
            throw UploadRules.Params("parent_node", parentNode, "is required: the token of the folder (root_folder/meta gives the root's)");
        var folder = await drive.GetAsync(parentNode, ct);
        if (folder is null || folder.Type != NodeType.Folder || folder.TenantKey != caller.TenantKey)
            throw FeishuErrors.ParentNodeNotExist.With($"no folder '{parentNode}'");
        if (await drive.AccessAsync(caller, folder, ct) < Permission.Edit)
            throw FeishuErrors.DriveForbidden.With($"uploading into folder {parentNode} needs edit permission on it");
        return folder;
    }

    /// <summary>Places the file under the folder's sibling limit and the drive's node limit, atomically.</summary>
    public async Task<DriveNode> PlaceAsync(Caller caller, DriveNode folder, string fileName, string blobId, long size, CancellationToken ct)
    {
        var node = DriveNode.Under(folder, Ids.Ids.Token(), NodeType.File, fileName, caller.OwnerId, clock.GetUtcNow())
            with { Size = size, BlobId = blobId };
        return await storage.Drive.InsertChildAsync(node, drive.Limits.MaxChildren, drive.Limits.MaxNodes, ct) switch
        {
            PlacementResult.Inserted => node,
            PlacementResult.TooManyChildren => throw FeishuErrors.DriveOutOfSiblings.With($"folder {folder.Token} already holds {drive.Limits.MaxChildren} nodes"),
            _ => throw FeishuErrors.DriveOutOfSize.With($"the drive already holds {drive.Limits.MaxNodes} nodes"),
        };
    }

    /// <summary>A File node the caller may at least view, for `files/:file_token/download`.</summary>
    public async Task<DriveNode> DownloadableAsync(Caller caller, string fileToken, CancellationToken ct)
    {
        var node = await drive.GetAsync(fileToken, ct);
        if (node is not { Type: NodeType.File, BlobId: not null } || node.TenantKey != caller.TenantKey)
            throw FeishuErrors.DriveNotFound.With($"no file {fileToken}");
        if (await drive.AccessAsync(caller, node, ct) < Permission.View)
            throw FeishuErrors.DriveForbidden.With($"view permission on {fileToken} is required");
        return node;
    }
}
