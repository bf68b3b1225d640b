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
        option = ValueRenderOption.Default;
        if (string.IsNullOrEmpty(text)) return true;
        return char.IsAsciiLetter(text[0]) && Enum.TryParse(text, ignoreCase: true, out option) && option != ValueRenderOption.Default && Enum.IsDefined(option);
    }

    /// <summary>Parses the query value; null or empty is <see cref="DateTimeRenderOption.Default"/>. Names match case-insensitively.</summary>
    public static bool TryParseDateTimeRenderOption(string? text, out DateTimeRenderOption option)
    {
        option = DateTimeRenderOption.Default;
        if (string.IsNullOrEmpty(text)) return true;
        return char.IsAsciiLetter(text[0]) && Enum.TryParse(text, ignoreCase: true, out option) && option != DateTimeRenderOption.Default && Enum.IsDefined(option);
    }
}
