using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Inkport.Contracts;

public sealed record DocxDocumentInfo(
    [property: JsonPropertyName("document_id")] string DocumentId,
    [property: JsonPropertyName("revision_id")] int RevisionId,
    [property: JsonPropertyName("title")] string Title);

public sealed record DocxDocumentData([property: JsonPropertyName("document")] DocxDocumentInfo Document);

public sealed record RawContentData([property: JsonPropertyName("content")] string Content);

/// <summary>A block on the wire (spec/05 §2): ids, type, and exactly one payload key named after the type
/// (e.g. "heading2", "table"), carried as JSON because its key and shape depend on the type.</summary>
[JsonConverter(typeof(BlockWireConverter))]
public sealed record BlockWire(string BlockId, string ParentId, IReadOnlyList<string>? Children, int BlockType, JsonObject Payload);

/// <summary>Writes the payload keys beside the block's own fields, and reads them back the same way.</summary>
public sealed class BlockWireConverter : JsonConverter<BlockWire>
{
    public override BlockWire Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var json = JsonNode.Parse(ref reader)?.AsObject() ?? throw new JsonException("a block must be a JSON object");
        var children = json["children"]?.AsArray().Select(c => c!.GetValue<string>()).ToList();
        var payload = new JsonObject();
        foreach (var (key, value) in json.ToList())
            if (key is not ("block_id" or "parent_id" or "children" or "block_type" or "comment_ids"))
            {
                json.Remove(key);
                payload[key] = value;
            }
        return new BlockWire(json["block_id"]?.GetValue<string>() ?? "", json["parent_id"]?.GetValue<string>() ?? "",
            children, json["block_type"]?.GetValue<int>() ?? 0, payload);
    }

    public override void Write(Utf8JsonWriter writer, BlockWire block, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("block_id", block.BlockId);
        writer.WriteString("parent_id", block.ParentId);
        if (block.Children is { Count: > 0 } children)
        {
            writer.WriteStartArray("children");
            foreach (var child in children) writer.WriteStringValue(child);
            writer.WriteEndArray();
        }
        writer.WriteNumber("block_type", block.BlockType);
        foreach (var (key, value) in block.Payload)
        {
            writer.WritePropertyName(key);
            if (value is null) writer.WriteNullValue();
            else value.WriteTo(writer, options);
        }
        writer.WriteEndObject();
    }
}

public sealed record BlockPageData(
    [property: JsonPropertyName("items")] IReadOnlyList<BlockWire> Items,
    [property: JsonPropertyName("page_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PageToken,
    [property: JsonPropertyName("has_more")] bool HasMore);

public sealed record BlockData([property: JsonPropertyName("block")] BlockWire Block);
