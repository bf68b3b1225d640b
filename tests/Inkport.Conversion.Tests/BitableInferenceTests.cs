using System.Text.Json;
using Inkport.Conversion.Bitable;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

public sealed class BitableInferenceTests
{
    private static Cell S(string text, int column = 1) => Cell.String(column, text);
    private static Cell N(double value, string? format = null, int column = 1) => Cell.Num(column, value, format);

    /// <summary>The field inferred for column B from the given values (column A holds row names).</summary>
    private static BitableField Infer(params Cell[] values)
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header([S("Key", 0), S("Value")]);
        var i = 0;
        foreach (var value in values) inference.Observe([S("r" + i++, 0), value]);
        return inference.Fields()[1];
    }

    [Fact]
    public void Integers_are_a_number_field_with_no_decimals()
    {
        var field = Infer(N(1), N(20), N(-3));
        Assert.Equal((FieldType.Number, "Number", "0"), (field.Type, field.UiType, field.Formatter));
    }

    [Theory]
    [InlineData(new[] { 1.5, 2 }, "0.0")]
    [InlineData(new[] { 1.25, 2 }, "0.00")]
    [InlineData(new[] { 1.125 }, "0.000")]
    [InlineData(new[] { 3.14159 }, "0.0000")]
    public void Decimals_set_the_number_formatter(double[] values, string formatter) =>
        Assert.Equal(formatter, Infer(values.Select(v => N(v)).ToArray()).Formatter);

    [Fact]
    public void Percentages_and_grouped_numbers()
    {
        Assert.Equal("%", Infer(N(0.12, "0%"), N(1, "0%")).Formatter);
        Assert.Equal("0.00%", Infer(N(0.125, "0.00%"), N(0.07, "0%")).Formatter);
        Assert.Equal("1,000", Infer(N(1234, "#,##0"), N(5)).Formatter);
        Assert.Equal("1,000.00", Infer(N(1234.5, "#,##0.00")).Formatter);
    }

    [Fact]
    public void Dates_with_and_without_times()
    {
        var dates = Infer(N(45322, "yyyy-mm-dd"), N(45000, "yyyy/m/d"));
        Assert.Equal((FieldType.DateTime, "DateTime", "yyyy/MM/dd"), (dates.Type, dates.UiType, dates.DateFormatter));
        Assert.Equal("yyyy/MM/dd HH:mm", Infer(N(45322, "yyyy-mm-dd"), N(45322.5, "yyyy-mm-dd hh:mm")).DateFormatter);
    }

    [Fact]
    public void Booleans_and_true_false_text_are_a_checkbox()
    {
        Assert.Equal(FieldType.Checkbox, Infer(Cell.Bool(1, true), S("false"), S("TRUE")).Type);
        Assert.Equal(FieldType.Text, Infer(Cell.Bool(1, true), S("yes")).Type);
    }

    [Fact]
    public void Links_are_a_url_field_only_when_every_value_is_one()
    {
        Assert.Equal(FieldType.Url, Infer(S("https://a.example/x"), S("http://b.example")).Type);
        Assert.Equal(FieldType.Url, Infer(S("Home") with { Link = "https://a.example" }).Type);
        Assert.Equal(FieldType.Text, Infer(S("https://a.example"), S("see https://b.example")).Type);
    }

    [Fact]
    public void Phones_need_every_value_phone_like_and_some_as_text()
    {
        Assert.Equal(FieldType.Phone, Infer(S("+8613800138000"), S("02012345678"), N(13900139000)).Type);
        Assert.Equal(FieldType.Number, Infer(N(13800138000), N(13900139000)).Type);
        Assert.Equal(FieldType.Text, Infer(S("+8613800138000"), S("call me")).Type);
        Assert.Equal(FieldType.Text, Infer(S("123"), S("007")).Type);
    }

    [Fact]
    public void Repeated_low_cardinality_text_is_a_single_select()
    {
        var field = Infer(S("Red"), S("Blue"), S("Red"), S("Green"), S("Blue"), S("Red"));
        Assert.Equal((FieldType.SingleSelect, "SingleSelect"), (field.Type, field.UiType));
        Assert.Equal([new SelectOption("Red", 0), new SelectOption("Blue", 1), new SelectOption("Green", 2)], field.Options);
    }

    [Fact]
    public void Distinct_or_high_cardinality_text_stays_text()
    {
        Assert.Equal(FieldType.Text, Infer(S("Ada"), S("Bob"), S("Cy")).Type);
        var many = Enumerable.Range(0, 21).SelectMany(i => new[] { S("v" + i), S("v" + i) }).ToArray();
        Assert.Equal(FieldType.Text, Infer(many).Type);
        Assert.Equal(FieldType.Text, Infer(S(new string('x', 101)), S(new string('x', 101))).Type);
    }

    [Fact]
    public void Option_colours_follow_first_seen_order()
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header([S("Key", 0), S("Value")]);
        for (var round = 0; round < 2; round++)
            for (var i = 0; i < BitableInference.MaxOptions; i++) inference.Observe([S("k", 0), S("v" + i)]);
        var options = inference.Fields()[1].Options!;
        Assert.Equal(Enumerable.Range(0, 20), options.Select(o => o.Color));
    }

    [Fact]
    public void Delimited_lists_of_few_items_are_a_multi_select()
    {
        var field = Infer(S("a,b"), S("b"), S("a、c"), S("c; a"), S("b，c"));
        Assert.Equal((FieldType.MultiSelect, "MultiSelect"), (field.Type, field.UiType));
        Assert.Equal(["a", "b", "c"], field.Options!.Select(o => o.Name));
        Assert.Equal(FieldType.Text, Infer(S("Anytown, WW"), S("Paris, FR"), S("Lyon, FR")).Type);
    }

    [Fact]
    public void Mixed_values_are_text()
    {
        Assert.Equal(FieldType.Text, Infer(N(1), S("x")).Type);
        Assert.Equal(FieldType.Text, Infer(N(1), N(45322, "yyyy-mm-dd")).Type);
        Assert.Equal(FieldType.Text, Infer().Type);
    }

    [Fact]
    public void The_primary_field_is_never_a_checkbox_or_select()
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header([S("Done", 0), S("Count")]);
        inference.Observe([Cell.Bool(0, true), N(1)]);
        inference.Observe([Cell.Bool(0, false), N(2)]);
        Assert.Equal(FieldType.Text, inference.Fields()[0].Type);

        inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header([S("Amount", 0)]);
        inference.Observe([N(1.5, column: 0)]);
        Assert.Equal(FieldType.Number, inference.Fields()[0].Type);
    }

    [Fact]
    public void Header_names_default_trim_and_deduplicate()
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header([S(" Name ", 0), S("name", 1), N(2024, column: 3), S("Name 2", 4)]);
        inference.Observe([S("x", 5)]);
        Assert.Equal(["Name", "name 2", "Field 3", "2024", "Name 2 2", "Field 6"], inference.Fields().Select(f => f.Name));
    }

    [Fact]
    public void No_rows_give_one_text_field()
    {
        var field = Assert.Single(new BitableInference(ConversionLimits.Feishu).Fields());
        Assert.Equal(("Field 1", FieldType.Text), (field.Name, field.Type));
    }

    [Fact]
    public void Columns_beyond_the_field_limit_are_dropped()
    {
        var inference = new BitableInference(ConversionLimits.Feishu with { MaxBitableFields = 2 });
        inference.Header([S("a", 0), S("b", 1), S("c", 2)]);
        inference.Observe([S("x", 3)]);
        Assert.Equal(2, inference.Fields().Count);
        Assert.Equal([ExtraCodes.BitableTooManyColumns], inference.Warnings);
    }

    private static string Json(Cell cell, BitableField field) => JsonSerializer.Serialize(RecordValues.Render(cell, field));

    private static BitableField F(FieldType type) => BitableInference.Field("f", type);

    [Fact]
    public void Record_values_have_the_wire_shapes()
    {
        Assert.Equal("""[{"type":"text","text":"hi"}]""", Json(S("hi"), F(FieldType.Text)));
        Assert.Equal("""[{"type":"text","text":"12.5"}]""", Json(N(12.5), F(FieldType.Text)));
        Assert.Equal("""[{"type":"text","text":"2024/01/31"}]""", Json(N(45322, "yyyy-mm-dd"), F(FieldType.Text)));
        Assert.Equal("""[{"type":"url","text":"Home","link":"https://a.example"}]""", Json(S("Home") with { Link = "https://a.example" }, F(FieldType.Text)));
        Assert.Equal("2323.2323", Json(N(2323.2323), F(FieldType.Number)));
        Assert.Equal("\"Red\"", Json(S("Red"), F(FieldType.SingleSelect)));
        Assert.Equal("""["a","b"]""", Json(S("a, b,a"), F(FieldType.MultiSelect)));
        Assert.Equal("1706659200000", Json(N(45322, "yyyy-mm-dd"), F(FieldType.DateTime)));
        Assert.Equal("1706704200000", Json(N(45322.5208333333333, "yyyy-mm-dd hh:mm"), F(FieldType.DateTime)));
        Assert.Equal("true", Json(Cell.Bool(1, true), F(FieldType.Checkbox)));
        Assert.Equal("true", Json(S("TRUE"), F(FieldType.Checkbox)));
        Assert.Equal("""{"text":"https://a.example","link":"https://a.example"}""", Json(S("https://a.example"), F(FieldType.Url)));
        Assert.Equal("\"13900139000\"", Json(N(13900139000), F(FieldType.Phone)));
        Assert.Equal("\"\\u002B8613800138000\"", Json(S("+8613800138000"), F(FieldType.Phone)));
    }

    [Fact]
    public void Empty_unchecked_and_unfitting_values_are_omitted()
    {
        Assert.Null(RecordValues.Render(S(""), F(FieldType.Text)));
        Assert.Null(RecordValues.Render(Cell.Bool(1, false), F(FieldType.Checkbox)));
        Assert.Null(RecordValues.Render(S("abc"), F(FieldType.Number)));
        Assert.Null(RecordValues.Render(S("soon"), F(FieldType.DateTime)));
        Assert.Null(RecordValues.Render(S(" , "), F(FieldType.MultiSelect)));
        Assert.Equal(1.5, RecordValues.Render(S("1.5"), F(FieldType.Number)));
        Assert.Equal(1706659200000L, RecordValues.Render(S("2024-01-31"), F(FieldType.DateTime)));
    }

    [Fact]
    public void A_numbers_shape_without_formatting_it_is_what_its_shortest_form_says()
    {
        var random = new Random(7);
        var values = new List<double>
        {
            0, -0.0, 1, -1, 999_999, 1_000_000, -1_000_000, 123_456_789_012_345, 999_999_999_999_999, 1e15, 1e15 + 2, 1e16, -1e15,
            0.1, 0.1 + 0.2, 1.5, 1e-7, 123456.789, double.MaxValue, double.Epsilon, 4503599627370496.5, 9007199254740993,
            double.NaN, double.PositiveInfinity, double.NegativeInfinity,
        };
        for (var i = 0; i < 10_000; i++)
            values.Add(random.Next(4) switch
            {
                0 => Math.Floor(random.NextDouble() * Math.Pow(10, random.Next(18))) * (random.Next(2) == 0 ? 1 : -1),
                1 => Math.Round(random.NextDouble() * 1e6, random.Next(8)),
                2 => BitConverter.Int64BitsToDouble(random.NextInt64()),
                _ => random.NextDouble() * Math.Pow(10, random.Next(-10, 20)),
            });
        foreach (var value in values)
        {
            var text = value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var dot = text.IndexOf('.');
            var decimals = text.Contains('E') ? int.MaxValue : dot < 0 ? 0 : text.Length - dot - 1;
            Assert.Equal((decimals, Values.IsPhone(text)), CellText.Shape(value));
        }
    }
}
