using System.Text.Encodings.Web;
using System.Text.Json;
using Inkport.Conversion.Model;
using Inkport.Core.Sheets;

namespace Inkport.Core.Tests.Sheets;

public class CellValueRendererTests
{
    // Relaxed escaping keeps the expected JSON readable; what matters here is the JSON shape.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private const string Segments = """[{"type":"url","text":"Feishu","link":"https://www.feishu.cn/"}]""";

    private static readonly Dictionary<string, Cell?> Cells = new()
    {
        ["empty"] = null,
        ["emptyText"] = Cell.String(0, ""),
        ["text"] = Cell.String(0, "Name"),
        ["textWithFormat"] = Cell.String(0, "Name") with { NumberFormat = "\"<\"@\">\"" },
        ["integer"] = Cell.Num(0, 25),
        ["fraction"] = Cell.Num(0, 1.5),
        ["negativeZero"] = Cell.Num(0, -0.0),
        ["huge"] = Cell.Num(0, 1e17),
        ["safeMax"] = Cell.Num(0, 9007199254740992),
        ["money"] = Cell.Num(0, 1234.5, "#,##0.00"),
        ["percent"] = Cell.Num(0, 0.12, "0%"),
        ["dollars"] = Cell.Num(0, 5, "\"$\"#,##0.00"),
        ["generalFormat"] = Cell.Num(0, 7.25, "General"),
        ["date"] = Cell.Num(0, 45306, "yyyy-mm-dd"),
        ["dateTime"] = Cell.Num(0, 45306.5, "yyyy-mm-dd hh:mm"),
        ["duration"] = Cell.Num(0, 1.5, "[h]:mm"),
        ["true"] = Cell.Bool(0, true),
        ["false"] = Cell.Bool(0, false),
        ["error"] = Cell.Error(0, "#DIV/0!"),
        ["formula"] = Cell.Num(0, 3) with { Formula = "SUM(A1:A2)" },
        ["formulaPercent"] = Cell.Num(0, 0.5, "0%") with { Formula = "A1/B1" },
        ["formulaText"] = Cell.String(0, "ab") with { Formula = "CONCATENATE(\"a\",\"b\")" },
        ["formulaBool"] = Cell.Bool(0, false) with { Formula = "A1>B1" },
        ["formulaError"] = Cell.Error(0, "#DIV/0!") with { Formula = "1/0" },
        ["formulaDate"] = Cell.Num(0, 45306, "yyyy-mm-dd") with { Formula = "TODAY()" },
        ["formulaWithEquals"] = Cell.Num(0, 2) with { Formula = "=1+1" },
        ["link"] = Cell.String(0, "Feishu") with { Link = "https://www.feishu.cn/" },
        ["linkNumber"] = Cell.Num(0, 1234.5, "#,##0.00") with { Link = "https://www.feishu.cn/" },
    };

    public static TheoryData<string, ValueRenderOption, DateTimeRenderOption, string> Cases()
    {
        const ValueRenderOption D = ValueRenderOption.Default, T = ValueRenderOption.ToString, F = ValueRenderOption.Formula,
            FV = ValueRenderOption.FormattedValue, UV = ValueRenderOption.UnformattedValue;
        const DateTimeRenderOption N = DateTimeRenderOption.Default, FS = DateTimeRenderOption.FormattedString;
        var data = new TheoryData<string, ValueRenderOption, DateTimeRenderOption, string>();
        void All(string cell, string json, params ValueRenderOption[] options)
        {
            foreach (var option in options.Length == 0 ? [D, T, F, FV, UV] : options)
            foreach (var date in new[] { N, FS })
                data.Add(cell, option, date, json);
        }

        All("empty", "null");
        All("emptyText", "null");
        All("text", "\"Name\"");
        All("textWithFormat", "\"Name\"", D, T, F, UV);
        All("textWithFormat", "\"<Name>\"", FV);
        All("integer", "25");
        All("fraction", "1.5");
        All("negativeZero", "0");
        All("huge", "1E+17");
        All("safeMax", "9007199254740992");
        All("money", "1234.5", D, T, F, UV);
        All("money", "\"1,234.50\"", FV);
        All("percent", "0.12", D, T, F, UV);
        All("percent", "\"12%\"", FV);
        All("dollars", "\"$5.00\"", FV);
        All("generalFormat", "7.25");
        All("true", "true", D, F, FV, UV);
        All("true", "\"TRUE\"", T);
        All("false", "false", D, F, FV, UV);
        All("false", "\"FALSE\"", T);
        All("error", "\"#DIV/0!\"");
        All("formula", "\"=SUM(A1:A2)\"", D, F);
        All("formula", "3", T, FV, UV);
        All("formulaPercent", "\"=A1/B1\"", D, F);
        All("formulaPercent", "0.5", T, UV);
        All("formulaPercent", "\"50%\"", FV);
        All("formulaText", "\"=CONCATENATE(\\\"a\\\",\\\"b\\\")\"", D, F);
        All("formulaText", "\"ab\"", T, FV, UV);
        All("formulaBool", "\"=A1>B1\"", D, F);
        All("formulaBool", "false", FV, UV);
        All("formulaBool", "\"FALSE\"", T);
        All("formulaError", "\"=1/0\"", D, F);
        All("formulaError", "\"#DIV/0!\"", T, FV, UV);
        All("formulaWithEquals", "\"=1+1\"", D, F);
        All("formulaWithEquals", "2", T, FV, UV);
        All("link", Segments, D, F, FV, UV);
        All("link", "\"Feishu\"", T);
        All("linkNumber", Segments.Replace("\"Feishu\"", "\"1,234.50\""), D, F, FV, UV);
        All("linkNumber", "1234.5", T);

        // dates: serials unless a formatted string is asked for
        foreach (var option in new[] { D, T, F, UV })
        {
            data.Add("date", option, N, "45306");
            data.Add("date", option, FS, "\"2024-01-15\"");
            data.Add("dateTime", option, N, "45306.5");
            data.Add("dateTime", option, FS, "\"2024-01-15 12:00\"");
            data.Add("duration", option, N, "1.5");
            data.Add("duration", option, FS, "\"36:00\"");
        }
        data.Add("date", FV, N, "\"2024-01-15\"");
        data.Add("date", FV, FS, "\"2024-01-15\"");
        data.Add("dateTime", FV, N, "\"2024-01-15 12:00\"");
        data.Add("duration", FV, N, "\"36:00\"");
        data.Add("formulaDate", D, FS, "\"=TODAY()\"");
        data.Add("formulaDate", UV, N, "45306");
        data.Add("formulaDate", UV, FS, "\"2024-01-15\"");
        data.Add("formulaDate", FV, N, "\"2024-01-15\"");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renders_each_cell_kind_for_each_option(string cell, ValueRenderOption value, DateTimeRenderOption dateTime, string json)
    {
        var rendered = CellValueRenderer.Render(Cells[cell], value, dateTime);
        Assert.Equal(json, JsonSerializer.Serialize(rendered, Json));
    }

    [Fact]
    public void A_row_serialises_as_Feishu_values()
    {
        Cell?[] row = [Cell.String(0, "张三"), Cell.Num(1, 25), null, Cell.Bool(3, true), Cell.Num(4, 0.1)];
        var values = row.Select(c => CellValueRenderer.Render(c, ValueRenderOption.Default, DateTimeRenderOption.Default)).ToArray();
        Assert.Equal("""["张三",25,null,true,0.1]""", JsonSerializer.Serialize(values, Json));
    }

    [Theory]
    [InlineData(25.0, typeof(long))]
    [InlineData(-3.0, typeof(long))]
    [InlineData(9007199254740992.0, typeof(long))]
    [InlineData(-9007199254740992.0, typeof(long))]
    [InlineData(9007199254740994.0, typeof(double))]
    [InlineData(0.5, typeof(double))]
    public void Integral_numbers_are_longs_within_2_pow_53(double value, Type type)
    {
        Assert.IsType(type, CellValueRenderer.Number(value));
    }

    [Fact]
    public void Display_text_is_what_the_cell_shows()
    {
        Assert.Equal("1,234.50", CellValueRenderer.DisplayText(Cell.Num(0, 1234.5, "#,##0.00")));
        Assert.Equal("TRUE", CellValueRenderer.DisplayText(Cell.Bool(0, true)));
        Assert.Equal("#N/A", CellValueRenderer.DisplayText(Cell.Error(0, "#N/A")));
        Assert.Equal("x", CellValueRenderer.DisplayText(Cell.String(0, "x")));
        Assert.Equal("2024-01-15", CellValueRenderer.DisplayText(Cell.Num(0, 45306, "yyyy-mm-dd")));
    }

    [Theory]
    [InlineData(null, true, ValueRenderOption.Default)]
    [InlineData("", true, ValueRenderOption.Default)]
    [InlineData("ToString", true, ValueRenderOption.ToString)]
    [InlineData("Formula", true, ValueRenderOption.Formula)]
    [InlineData("FormattedValue", true, ValueRenderOption.FormattedValue)]
    [InlineData("UnformattedValue", true, ValueRenderOption.UnformattedValue)]
    [InlineData("formattedvalue", true, ValueRenderOption.FormattedValue)]
    [InlineData("Default", false, ValueRenderOption.Default)]
    [InlineData("1", false, ValueRenderOption.Default)]
    [InlineData("Bogus", false, ValueRenderOption.Default)]
    [InlineData("ToString,Formula", false, ValueRenderOption.Default)]
    public void Parses_valueRenderOption(string? text, bool ok, ValueRenderOption expected)
    {
        Assert.Equal(ok, RenderOptions.TryParseValueRenderOption(text, out var option));
        if (ok) Assert.Equal(expected, option);
    }

    [Theory]
    [InlineData(null, true, DateTimeRenderOption.Default)]
    [InlineData("FormattedString", true, DateTimeRenderOption.FormattedString)]
    [InlineData("formattedstring", true, DateTimeRenderOption.FormattedString)]
    [InlineData("SerialNumber", false, DateTimeRenderOption.Default)]
    [InlineData("0", false, DateTimeRenderOption.Default)]
    public void Parses_dateTimeRenderOption(string? text, bool ok, DateTimeRenderOption expected)
    {
        Assert.Equal(ok, RenderOptions.TryParseDateTimeRenderOption(text, out var option));
        if (ok) Assert.Equal(expected, option);
    }
}
