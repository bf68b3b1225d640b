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

public sealed record CreateFolderRequest(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("folder_token")] string? FolderToken);

public sealed record CreatedFolderData(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("url")] string Url);

/// <summary>An entry of GET /drive/v1/files (spec/04 §3): times are seconds since the epoch, as strings.</summary>
public sealed record FileEntry(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("parent_token")] string ParentToken,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("created_time")] string CreatedTime,
    [property: JsonPropertyName("modified_time")] string ModifiedTime,
    [property: JsonPropertyName("owner_id")] string OwnerId);

/// <summary>Folder listing: note `next_page_token`, not `page_token`.</summary>
public sealed record FileListData(
    [property: JsonPropertyName("files")] IReadOnlyList<FileEntry> Files,
    [property: JsonPropertyName("next_page_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? NextPageToken,
    [property: JsonPropertyName("has_more")] bool HasMore);

public sealed record MetaRequest(
    [property: JsonPropertyName("request_docs")] IReadOnlyList<MetaRequestDoc>? RequestDocs,
    [property: JsonPropertyName("with_url")] bool? WithUrl);

public sealed record MetaRequestDoc(
    [property: JsonPropertyName("doc_token")] string? DocToken,
    [property: JsonPropertyName("doc_type")] string? DocType);

public sealed record MetaWire(
    [property: JsonPropertyName("doc_token")] string DocToken,
    [property: JsonPropertyName("doc_type")] string DocType,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("owner_id")] string OwnerId,
    [property: JsonPropertyName("create_time")] string CreateTime,
    [property: JsonPropertyName("latest_modify_user")] string LatestModifyUser,
    [property: JsonPropertyName("latest_modify_time")] string LatestModifyTime,
    [property: JsonPropertyName("url"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Url);

public sealed record MetaFailure(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("code")] int Code);

public sealed record MetaData(
    [property: JsonPropertyName("metas")] IReadOnlyList<MetaWire> Metas,
    [property: JsonPropertyName("failed_list")] IReadOnlyList<MetaFailure> FailedList);

public sealed record TaskIdData([property: JsonPropertyName("task_id")] string TaskId);

public sealed record TaskStatusData([property: JsonPropertyName("status")] string Status);

public sealed record MemberRequest(
    [property: JsonPropertyName("member_type")] string? MemberType,
    [property: JsonPropertyName("member_id")] string? MemberId,
    [property: JsonPropertyName("perm")] string? Perm,
    [property: JsonPropertyName("type")] string? Type);

public sealed record MemberWire(
    [property: JsonPropertyName("member_type")] string MemberType,
    [property: JsonPropertyName("member_id")] string MemberId,
    [property: JsonPropertyName("perm")] string Perm,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name = null);

public sealed record MemberData([property: JsonPropertyName("member")] MemberWire Member);

public sealed record MemberListData([property: JsonPropertyName("items")] IReadOnlyList<MemberWire> Items);
