using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Inkport.Cli.Rendering;

/// <summary>A sheet cell or a bitable field value as the text a reader sees: rich-text segments joined,
/// options and people by name, links by their text, dates (milliseconds) as ISO dates.</summary>
internal static class CellText
{
    public static string Of(object? value) => value switch
    {
        null => "",
        JsonElement element => Of(element),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static string Of(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String: return value.GetString() ?? "";
            case JsonValueKind.Number: return value.GetRawText();
            case JsonValueKind.True: return "TRUE";
            case JsonValueKind.False: return "FALSE";
            case JsonValueKind.Array:
                var parts = value.EnumerateArray().Select(Of).ToList();
                // Rich-text segments are pieces of one text; anything else (options, people, files) is a list.
                var segments = value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("text", out _));
                return string.Join(segments ? "" : ", ", parts);
            case JsonValueKind.Object:
                foreach (var name in (string[])["text", "name", "full_name", "en_name", "link", "url", "value"])
                    if (value.TryGetProperty(name, out var inner) && inner.ValueKind != JsonValueKind.Null) return Of(inner);
                return value.GetRawText();
            default: return "";
        }
    }

    /// <summary>A bitable date field's milliseconds since the epoch, as an ISO date (UTC).</summary>
    public static string Date(JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString(ms % 86_400_000 == 0 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
            : Of(value);

    /// <summary>Column letters of a 1-based column number: 1 → A, 27 → AA.</summary>
    public static string Column(int number)
    {
        var letters = new StringBuilder();
        for (; number > 0; number = (number - 1) / 26) letters.Insert(0, (char)('A' + (number - 1) % 26));
        return letters.ToString();
    }
}
