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
/// A root folder has no parent.</summary>
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
}
