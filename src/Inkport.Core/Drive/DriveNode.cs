namespace Inkport.Core.Drive;

/// <summary>Kinds of drive node, with their wire `type` names.</summary>
public enum NodeType { Folder, Docx, Sheet, Bitable, File }

public static class NodeTypes
{
    public static string WireName(this NodeType type) => type switch
    {
        NodeType.Folder => "folder",
        NodeType.Docx => "docx",
        NodeType.Sheet => "sheet",
        NodeType.Bitable => "bitable",
        _ => "file",
    };

    /// <summary>The URL path segment of a document kind: /docx/, /sheets/, /base/, /drive/folder/, /file/.</summary>
    public static string UrlSegment(this NodeType type) => type switch
    {
        NodeType.Folder => "drive/folder",
        NodeType.Docx => "docx",
        NodeType.Sheet => "sheets",
        NodeType.Bitable => "base",
        _ => "file",
    };
}

/// <summary>A node of an owner's drive: a folder, an imported document or an uploaded file.
/// A root folder has no parent; <see cref="RootToken"/> names the drive a node belongs to and
/// <see cref="Depth"/> its level (the root is 0), for the tree limits of spec/04 §6.</summary>
public sealed record DriveNode
{
    public required string Token { get; init; }
    public required NodeType Type { get; init; }
    public required string Name { get; init; }
    public string? ParentToken { get; init; }
    public required string OwnerId { get; init; }
    public required string TenantKey { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public required DateTimeOffset ModifiedAt { get; init; }
    public string RootToken { get; init; } = "";
    public int Depth { get; init; }
    /// <summary>Bytes of an uploaded file (0 for folders and documents).</summary>
    public long Size { get; init; }
    /// <summary>The bytes of an uploaded file in the blob store.</summary>
    public string? BlobId { get; init; }

    /// <summary>A node placed under <paramref name="parent"/> in the same drive.</summary>
    public static DriveNode Under(DriveNode parent, string token, NodeType type, string name, string ownerId, DateTimeOffset now) => new()
    {
        Token = token, Type = type, Name = name, ParentToken = parent.Token, OwnerId = ownerId, TenantKey = parent.TenantKey,
        CreatedAt = now, ModifiedAt = now, RootToken = parent.RootToken, Depth = parent.Depth + 1,
    };
}

/// <summary>Listing order of `GET /drive/v1/files` (spec/04 §3).</summary>
public enum NodeOrder { EditedTime, CreatedTime }

/// <summary>What an insertion under the tree limits did.</summary>
public enum PlacementResult { Inserted, TooManyChildren, TooManyNodes }
