namespace Inkport.Core.Media;

/// <summary>An uploaded media file. For parent_type ccm_import_open it is the staged source of an
/// import, usable for 5 minutes and deleted once the import that used it has finished.</summary>
public sealed record MediaFile
{
    public required string FileToken { get; init; }
    public required string AppId { get; init; }
    public required string TenantKey { get; init; }
    public required string OwnerId { get; init; }
    public required string FileName { get; init; }
    public required string ParentType { get; init; }
    public string ParentNode { get; init; } = "";
    public required long Size { get; init; }
    /// <summary>For ccm_import_open: the declared target type and source extension from `extra`.</summary>
    public string? ImportObjType { get; init; }
    public string? ImportFileExtension { get; init; }
    /// <summary>Key of the bytes in the blob store.</summary>
    public required string BlobId { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
}
