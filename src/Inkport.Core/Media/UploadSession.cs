namespace Inkport.Core.Media;

/// <summary>What a multipart upload produces when it finishes: a media file (medias/upload_*) or a file
/// in a drive folder (files/upload_*).</summary>
public enum UploadKind { Media, DriveFile }

/// <summary>A multipart upload between upload_prepare and upload_finish (02 §2): who prepared it, what it
/// will become, and how its bytes are cut into blocks. It reserves its declared size of the tenant quota.</summary>
public sealed record UploadSession
{
    /// <summary>19-digit decimal string.</summary>
    public required string UploadId { get; init; }
    public required UploadKind Kind { get; init; }
    public required string AppId { get; init; }
    public required string TenantKey { get; init; }
    /// <summary>Open id of the identity that prepared it: only it may send parts and finish.</summary>
    public required string OwnerId { get; init; }
    public required string FileName { get; init; }
    public required string ParentType { get; init; }
    /// <summary>The upload point; for drive files the folder token.</summary>
    public string ParentNode { get; init; } = "";
    public required long Size { get; init; }
    public required int BlockSize { get; init; }
    public required int BlockNum { get; init; }
    public string? ImportObjType { get; init; }
    public string? ImportFileExtension { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>Bytes block <paramref name="seq"/> must have: a full block, except the last which holds the remainder.</summary>
    public long ExpectedBlockSize(int seq) => seq < BlockNum - 1 ? BlockSize : Size - (long)BlockSize * (BlockNum - 1);
}

/// <summary>A block of a multipart upload, its bytes in the blob store.</summary>
public sealed record UploadPart(string UploadId, int Seq, long Size, string BlobId);

/// <summary>What recording a part did: whether the session still existed, and the blob of an earlier attempt
/// at the same block that the new one replaced (for the caller to delete).</summary>
public sealed record PartRecorded(bool SessionExists, string? ReplacedBlobId);
