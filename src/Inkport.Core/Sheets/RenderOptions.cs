namespace Inkport.Core.Sheets;

/// <summary>The <c>valueRenderOption</c> query parameter of v2 value reads (spec/06 §4).</summary>
public enum ValueRenderOption
{
    /// <summary>Absent: formulas as their text, numbers numeric, dates as serials.</summary>
    Default,
    /// <summary>Plain text for everything except numbers, which stay numeric.</summary>
    ToString,
    /// <summary>Formula cells return their formula text (same as absent).</summary>
    Formula,
    /// <summary>Computed values, formatted with the cell's number format.</summary>
    FormattedValue,
    /// <summary>Computed values, unformatted.</summary>
    UnformattedValue,
}

/// <summary>The <c>dateTimeRenderOption</c> query parameter of v2 value reads (spec/06 §4).</summary>
public enum DateTimeRenderOption
{
    /// <summary>Absent: dates and times are serial numbers (days since 1899-12-30).</summary>
    Default,
    /// <summary>Dates and times as formatted strings; other numbers untouched.</summary>
    FormattedString,
}

public static class RenderOptions
{
    /// <summary>Parses the query value; null or empty is <see cref="ValueRenderOption.Default"/>. Names match case-insensitively.</summary>
    public static bool TryParseValueRenderOption(string? text, out ValueRenderOption option)
    {
        option = text?.ToLowerInvariant() switch
        {
            null or "" => ValueRenderOption.Default,
            "tostring" => ValueRenderOption.ToString,
            "formula" => ValueRenderOption.Formula,
            "formattedvalue" => ValueRenderOption.FormattedValue,
            "unformattedvalue" => ValueRenderOption.UnformattedValue,
            _ => (ValueRenderOption)(-1),
        };
        if (Enum.IsDefined(option)) return true;
        option = ValueRenderOption.Default;
        return false;
    }

    /// <summary>Parses the query value; null or empty is <see cref="DateTimeRenderOption.Default"/>. Names match case-insensitively.</summary>
    public static bool TryParseDateTimeRenderOption(string? text, out DateTimeRenderOption option)
    {
        option = DateTimeRenderOption.Default;
        if (string.IsNullOrEmpty(text)) return true;
        if (!text.Equals("FormattedString", StringComparison.OrdinalIgnoreCase)) return false;
        option = DateTimeRenderOption.FormattedString;
        return true;
    }
}
