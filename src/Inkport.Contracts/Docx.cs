using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Inkport.Contracts;

public sealed record DocxDocumentInfo(
    [property: JsonPropertyName("document_id")] string DocumentId,
    [property: JsonPropertyName("revision_id")] int RevisionId,
    [property: JsonPropertyName("title")] string Title);

public sealed record DocxDocumentData([property: JsonPropertyName("document")] DocxDocumentInfo Document);

public sealed record RawContentData([property: JsonPropertyName("content")] string Content);

/// <summary>A block on the wire (spec/05 §2): ids, type, and exactly one payload key named after the type,
/// carried as a JSON object because its key and shape depend on the type.</summary>
public sealed record BlockWire(
    [property: JsonPropertyName("block_id")] string BlockId,
    [property: JsonPropertyName("parent_id")] string ParentId,
    [property: JsonPropertyName("children"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Children,
    [property: JsonPropertyName("block_type")] int BlockType)
{
    [JsonExtensionData]
    public IDictionary<string, JsonNode?>? Payload { get; init; }
}

public sealed record BlockPageData(
    [property: JsonPropertyName("items")] IReadOnlyList<BlockWire> Items,
    [property: JsonPropertyName("page_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PageToken,
    [property: JsonPropertyName("has_more")] bool HasMore);

public sealed record BlockData([property: JsonPropertyName("block")] BlockWire Block);
