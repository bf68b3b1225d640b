using System.Text.Json.Serialization;

namespace Inkport.Contracts;

/// <summary>The common response envelope (spec/00 §3): code 0 is success; clients never branch on msg.</summary>
public sealed record Envelope<T>(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("data")] T? Data);

/// <summary>An error response (spec/00 §5).</summary>
public sealed record ErrorResponse(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg,
    [property: JsonPropertyName("error")] ErrorDetail Error);

public sealed record ErrorDetail(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("log_id")] string LogId,
    [property: JsonPropertyName("field_violations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<FieldViolationWire>? FieldViolations = null,
    [property: JsonPropertyName("permission_violations"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<PermissionViolationWire>? PermissionViolations = null);

/// <summary>A missing scope, in both shapes clients read: the doc's {scope} and the Go SDK's {type, subject}.</summary>
public sealed record PermissionViolationWire(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("description")] string Description);

public sealed record FieldViolationWire(
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonPropertyName("description")] string Description);

/// <summary>Empty `data` object for operation-style APIs.</summary>
public sealed record Empty;
