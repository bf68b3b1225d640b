using System.Text.Json.Nodes;
using Inkport.Conversion.Model;

namespace Inkport.Core.Sheets;

/// <summary>Turns a model cell into the JSON value of <c>valueRange.values[r][c]</c> (spec/06 §4, §6).
/// Results are null, string, bool, long (integral numbers within ±2^53), double, or a
/// <see cref="JsonArray"/> of rich segments, all of which System.Text.Json writes as Feishu does.</summary>
public static class CellValueRenderer
{
    /// <summary>Largest magnitude at which every integer is exact in a double (and in JavaScript).</summary>
    private const double MaxSafeInteger = 9_007_199_254_740_992d;

    /// <summary>An empty cell (null) renders as null.</summary>
    public static object? Render(Cell? cell, ValueRenderOption value, DateTimeRenderOption dateTime) =>
        cell is { } c ? Render(c, value, dateTime) : null;

    public static object? Render(in Cell cell, ValueRenderOption value, DateTimeRenderOption dateTime)
    {
        if (cell.Formula is { Length: > 0 } formula && value is ValueRenderOption.Default or ValueRenderOption.Formula)
            return formula.StartsWith('=') ? formula : "=" + formula;

        switch (cell.Type)
        {
            case CellType.String:
            {
                // Feishu has no empty-string cell: a cell with no text is an empty cell.
                if (string.IsNullOrEmpty(cell.Text)) return null;
                var text = value == ValueRenderOption.FormattedValue && cell.NumberFormat is not null
                    ? ExcelNumberFormat.Parse(cell.NumberFormat).FormatText(cell.Text)
                    : cell.Text;
                return cell.Link is { } link && value != ValueRenderOption.ToString ? UrlSegments(text, link) : text;
            }
            case CellType.Boolean:
                var flag = cell.Number != 0;
                return value == ValueRenderOption.ToString ? (flag ? "TRUE" : "FALSE") : flag;
            case CellType.Error:
                return cell.Text ?? "#N/A";
            default:
            {
                var number = cell.Number;
                if (!double.IsFinite(number)) return "#NUM!";
                var format = ExcelNumberFormat.Parse(cell.NumberFormat);
                if (cell.Link is { } link && value != ValueRenderOption.ToString)
                    return UrlSegments(format.Format(number), link);
                if (format.IsDate)
                    return dateTime == DateTimeRenderOption.FormattedString || value == ValueRenderOption.FormattedValue
                        ? format.Format(number)
                        : Number(number);
                return value == ValueRenderOption.FormattedValue && !format.IsGeneral ? format.Format(number) : Number(number);
            }
        }
    }

    /// <summary>What the cell shows: its formatted value, "TRUE"/"FALSE", its error or its text; "" when empty.</summary>
    public static string DisplayText(in Cell cell) => cell.Type switch
    {
        CellType.String => cell.NumberFormat is null ? cell.Text ?? "" : ExcelNumberFormat.Parse(cell.NumberFormat).FormatText(cell.Text ?? ""),
        CellType.Boolean => cell.Number != 0 ? "TRUE" : "FALSE",
        CellType.Error => cell.Text ?? "#N/A",
        _ => ExcelNumberFormat.Parse(cell.NumberFormat).Format(cell.Number),
    };

    /// <summary>A number as JSON writes it: integral values as integers, -0 as 0.</summary>
    public static object Number(double value) =>
        Math.Abs(value) <= MaxSafeInteger && value == Math.Floor(value) ? (object)(long)value : value;

    private static JsonArray UrlSegments(string text, string link) =>
        [new JsonObject { ["type"] = "url", ["text"] = text, ["link"] = link }];
}
