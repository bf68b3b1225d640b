using System.Text.Json.Serialization;

namespace Inkport.Contracts;

/// <summary>Body of POST /drive/v1/medias/upload_prepare and /drive/v1/files/upload_prepare (spec/02 §2.1, §3.2).</summary>
public sealed record UploadPrepareRequest(
    [property: JsonPropertyName("file_name")] string? FileName,
    [property: JsonPropertyName("parent_type")] string? ParentType,
    [property: JsonPropertyName("parent_node")] string? ParentNode,
    [property: JsonPropertyName("size"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] long? Size,
    [property: JsonPropertyName("extra")] string? Extra);

/// <summary>data of upload_prepare.</summary>
public sealed record UploadPrepareData(
    [property: JsonPropertyName("upload_id")] string UploadId,
    [property: JsonPropertyName("block_size")] int BlockSize,
    [property: JsonPropertyName("block_num")] int BlockNum);

/// <summary>Body of POST /drive/v1/medias/upload_finish and /drive/v1/files/upload_finish (spec/02 §2.3).</summary>
public sealed record UploadFinishRequest(
    [property: JsonPropertyName("upload_id")] string? UploadId,
    [property: JsonPropertyName("block_num"), JsonNumberHandling(JsonNumberHandling.AllowReadingFromString)] int? BlockNum);
