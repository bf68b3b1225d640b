using System.Text.Json.Serialization;

namespace Inkport.Contracts;

public sealed record BitableAppInfo(
    [property: JsonPropertyName("app_token")] string AppToken,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("is_advanced")] bool IsAdvanced,
    [property: JsonPropertyName("time_zone")] string TimeZone,
    [property: JsonPropertyName("formula_type")] int FormulaType);

public sealed record BitableAppData([property: JsonPropertyName("app")] BitableAppInfo App);

/// <summary>A bitable listing page: items, has_more, page_token (when has_more), total (spec/07 §3–5).</summary>
public sealed record BitablePage<T>(
    [property: JsonPropertyName("items")] IReadOnlyList<T> Items,
    [property: JsonPropertyName("has_more")] bool HasMore,
    [property: JsonPropertyName("page_token"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PageToken,
    [property: JsonPropertyName("total")] long Total);

public sealed record TableWire(
    [property: JsonPropertyName("table_id")] string TableId,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("name")] string Name);

public sealed record SelectOptionWire(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("color")] int Color);

public sealed record FieldPropertyWire
{
    [JsonPropertyName("formatter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Formatter { get; init; }
    [JsonPropertyName("date_formatter"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DateFormatter { get; init; }
    [JsonPropertyName("auto_fill"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? AutoFill { get; init; }
    [JsonPropertyName("options"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<SelectOptionWire>? Options { get; init; }
}

public sealed record FieldWire(
    [property: JsonPropertyName("field_id")] string FieldId,
    [property: JsonPropertyName("field_name")] string FieldName,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("ui_type")] string UiType,
    [property: JsonPropertyName("property")] FieldPropertyWire? Property,
    [property: JsonPropertyName("is_primary")] bool IsPrimary,
    [property: JsonPropertyName("is_hidden")] bool IsHidden);

public sealed record RecordWire(
    [property: JsonPropertyName("record_id")] string RecordId,
    [property: JsonPropertyName("fields")] IReadOnlyDictionary<string, object> Fields);
