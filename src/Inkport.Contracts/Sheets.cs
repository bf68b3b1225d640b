using System.Text.Json.Serialization;

namespace Inkport.Contracts;

public sealed record SpreadsheetInfo(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("owner_id")] string OwnerId,
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("url")] string Url);

public sealed record SpreadsheetData([property: JsonPropertyName("spreadsheet")] SpreadsheetInfo Spreadsheet);

public sealed record GridProperties(
    [property: JsonPropertyName("frozen_row_count")] int FrozenRowCount,
    [property: JsonPropertyName("frozen_column_count")] int FrozenColumnCount,
    [property: JsonPropertyName("row_count")] int RowCount,
    [property: JsonPropertyName("column_count")] int ColumnCount);

public sealed record MergeWire(
    [property: JsonPropertyName("start_row_index")] int StartRowIndex,
    [property: JsonPropertyName("end_row_index")] int EndRowIndex,
    [property: JsonPropertyName("start_column_index")] int StartColumnIndex,
    [property: JsonPropertyName("end_column_index")] int EndColumnIndex);

public sealed record SheetInfo(
    [property: JsonPropertyName("sheet_id")] string SheetId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("hidden")] bool Hidden,
    [property: JsonPropertyName("grid_properties")] GridProperties GridProperties,
    [property: JsonPropertyName("resource_type")] string ResourceType,
    [property: JsonPropertyName("merges"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MergeWire>? Merges);

public sealed record SheetsQueryData([property: JsonPropertyName("sheets")] IReadOnlyList<SheetInfo> Sheets);

/// <summary>Sheets v2 uses camelCase inside data (spec/00 §3).</summary>
public sealed record ValueRange(
    [property: JsonPropertyName("majorDimension")] string MajorDimension,
    [property: JsonPropertyName("range")] string Range,
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("values")] IReadOnlyList<IReadOnlyList<object?>> Values);

public sealed record ValueRangeData(
    [property: JsonPropertyName("revision")] int Revision,
    [property: JsonPropertyName("spreadsheetToken")] string SpreadsheetToken,
    [property: JsonPropertyName("valueRange")] ValueRange ValueRange);
