using Inkport.Core.Drive;
using Inkport.Core.Identity;
using Inkport.Core.Media;
using Inkport.Core.Storage;

namespace Inkport.Core.Imports;

/// <summary>What an import reads: a staged media upload (ccm_import_open, deleted after the import) or a
/// drive file uploaded into a folder (kept), as the import guide allows both.</summary>
public sealed record ImportSource(string FileToken, string BlobId, long Size, string FileName, string AppId, string TenantKey,
    string OwnerId, DateTimeOffset CreatedAt, bool IsStaged, string? DeclaredObjType, string? DeclaredExtension, DriveNode? File);

public sealed class ImportSources(IInkportStorage storage)
{
    public async Task<ImportSource?> FindAsync(string fileToken, CancellationToken ct)
    {
        if (await storage.Media.GetAsync(fileToken, ct) is { } media)
            return new ImportSource(media.FileToken, media.BlobId, media.Size, media.FileName, media.AppId, media.TenantKey, media.OwnerId,
                media.CreatedAt, media.ParentType == MediaUploads.ImportParentType, media.ImportObjType, media.ImportFileExtension, null);
        if (await storage.Drive.GetAsync(fileToken, ct) is { Type: NodeType.File, BlobId: { } blob } file)
            return new ImportSource(file.Token, blob, file.Size, file.Name, "", file.TenantKey, file.OwnerId, file.CreatedAt,
                false, null, Path.GetExtension(file.Name).TrimStart('.').ToLowerInvariant(), file);
        return null;
    }

    /// <summary>Removes a staged upload once its import has produced a document (03 §5.4); drive files stay.</summary>
    public async Task DiscardIfStagedAsync(ImportSource source)
    {
        if (!source.IsStaged) return;
        await storage.Media.DeleteAsync(source.FileToken, CancellationToken.None);
        await storage.Blobs.DeleteAsync(source.BlobId, CancellationToken.None);
    }

    /// <summary>The caller an import acts as, rebuilt from the task when the worker runs it.</summary>
    public static Caller CallerOf(ImportTask task) => new(task.AppId, task.TenantKey, null, task.OwnerId);
}
