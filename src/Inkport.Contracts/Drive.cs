using System.Text.Json.Serialization;

namespace Inkport.Contracts;

public sealed record FileTokenData([property: JsonPropertyName("file_token")] string FileToken);

/// <summary>Body of POST /drive/v1/import_tasks (spec/03 §1.1).</summary>
public sealed record ImportTaskRequest(
    [property: JsonPropertyName("file_extension")] string? FileExtension,
    [property: JsonPropertyName("file_token")] string? FileToken,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("file_name")] string? FileName,
    [property: JsonPropertyName("point")] ImportMountPoint? Point);

public sealed record ImportMountPoint(
    [property: JsonPropertyName("mount_type")] int? MountType,
    [property: JsonPropertyName("mount_key")] string? MountKey);

public sealed record TicketData([property: JsonPropertyName("ticket")] string Ticket);

/// <summary>GET /drive/v1/import_tasks/:ticket → data.result (spec/03 §2.1).</summary>
public sealed record ImportTaskResult(
    [property: JsonPropertyName("ticket")] string Ticket,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("job_status")] int JobStatus,
    [property: JsonPropertyName("job_error_msg")] string JobErrorMsg,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("extra")] IReadOnlyList<string> Extra);

public sealed record ImportTaskData([property: JsonPropertyName("result")] ImportTaskResult Result);

/// <summary>GET /drive/explorer/v2/root_folder/meta (spec/04 §1).</summary>
public sealed record RootFolderData(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("user_id")] string UserId);
