using System.Text.Json.Serialization;

namespace Inkport.Conversion.Model;

/// <summary>Bitable field types an import produces (spec/07 §4.1).</summary>
public enum FieldType
{
    Text = 1, Number = 2, SingleSelect = 3, MultiSelect = 4, DateTime = 5, Checkbox = 7,
    Phone = 13, Url = 15,
}

/// <summary>A field of an imported table, as inferred from its column.</summary>
public sealed record BitableField
{
    public required string Name { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required FieldType Type { get; init; }
    /// <summary>spec/07 §4.2 ui_type ("Text", "Number", "SingleSelect", "DateTime", "Checkbox", "Url", "Phone", ...).</summary>
    public required string UiType { get; init; }
    /// <summary>Number formatter such as "0", "0.00", "1,000.00", "0.00%".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Formatter { get; init; }
    /// <summary>Date formatter such as "yyyy/MM/dd", "yyyy-MM-dd HH:mm".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DateFormatter { get; init; }
    /// <summary>Select options in first-seen order, with colours 0..54.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<SelectOption>? Options { get; init; }
}

public sealed record SelectOption(string Name, int Color);
