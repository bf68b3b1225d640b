using Inkport.Conversion.Bitable;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

/// <summary>One spreadsheet test suite, run for every spreadsheet format: the same workbook
/// (<c>Fixtures/suite/suite.fods</c>, authored by hand) saved by LibreOffice as
/// <c>suite.&lt;ext&gt;</c> must convert to the same cells. A subclass names its format and
/// converter; a format that cannot hold a construct overrides that test with a Skip saying why.
/// <para>The workbook: sheet "Data" with a header row, text (with a comma and quotes, CJK),
/// integers and decimals, ISO dates with a date format, booleans, formulas (products and a SUM),
/// a merged A6:C6; sheet "Notes" with one text and one number.</para></summary>
public abstract class SpreadsheetSuite
{
    protected abstract string Extension { get; }
    protected abstract ISpreadsheetConverter Converter { get; }

    private RecordingSink? _sink;

    protected RecordingSink Converted
    {
        get
        {
            if (_sink is not null) return _sink;
            var input = $"suite/suite.{Extension}";
            using var stream = FixtureFiles.Open(input);
            var sink = new RecordingSink();
            Converter.Convert(stream, FixtureFiles.Options(input), sink);
            return _sink = sink;
        }
    }

    protected RecordingSink.Sheet Data => Converted.Sheets[0];

    private static Cell At(RecordingSink.Sheet sheet, string reference)
    {
        var column = reference[0] - 'A';
        var row = int.Parse(reference[1..]) - 1;
        return sheet.At(row, column) ?? throw new Xunit.Sdk.XunitException($"{reference} is empty");
    }

    [Fact]
    public void Header_row_is_text()
    {
        Assert.Equal(["Name", "Qty", "Price", "Date", "Active", "Total"], Data.Rows[0].Cells.Select(c => c.Text));
        Assert.All(Data.Rows[0].Cells, c => Assert.Equal(CellType.String, c.Type));
    }

    [Fact]
    public void Numbers_are_numbers()
    {
        Assert.Equal((CellType.Number, 3.0), (At(Data, "B2").Type, At(Data, "B2").Number));
        Assert.Equal(0.25, At(Data, "C3").Number);
        Assert.Equal(-10.125, At(Data, "C4").Number);
    }

    [Fact]
    public void Text_keeps_commas_quotes_and_cjk()
    {
        Assert.Equal("Cherry, \"red\"", At(Data, "A4").Text);
        Assert.Equal("日本語テキスト", At(Data, "A5").Text);
    }

    [Fact]
    public void Dates_are_serial_numbers_with_a_date_format()
    {
        var date = At(Data, "D2");
        Assert.Equal(CellType.Number, date.Type);
        Assert.Equal(45306, date.Number);
        Assert.True(CellText.IsDateFormat(date.NumberFormat), $"'{date.NumberFormat}' is a date format");
        Assert.Equal(45351, At(Data, "D4").Number);
        Assert.Equal(new DateTime(2024, 2, 29), CellText.FromSerial(At(Data, "D4").Number));
    }

    [Fact]
    public void Booleans_are_booleans()
    {
        Assert.Equal((CellType.Boolean, 1.0), (At(Data, "E2").Type, At(Data, "E2").Number));
        Assert.Equal((CellType.Boolean, 0.0), (At(Data, "E3").Type, At(Data, "E3").Number));
    }

    [Fact]
    public void Formula_cells_hold_their_computed_values()
    {
        Assert.Equal(4.5, At(Data, "F2").Number);
        Assert.Equal(-70.875, At(Data, "F4").Number);
        Assert.Equal(-63.375, At(Data, "F5").Number);
    }

    [Fact]
    public virtual void Formulas_are_kept_without_the_equals_sign()
    {
        Assert.Equal("B2*C2", At(Data, "F2").Formula);
        Assert.Equal("SUM(F2:F4)", At(Data, "F5").Formula);
        Assert.Null(At(Data, "B2").Formula);
    }

    [Fact]
    public void Empty_cells_are_absent_and_the_grid_spans_the_data()
    {
        Assert.Null(Data.At(4, 1));
        Assert.Equal([0, 1, 2, 3, 4, 5], Data.Rows.Select(r => r.Row));
        Assert.Equal((6, 6), (Data.Layout!.RowCount, Data.Layout.ColumnCount));
    }

    [Fact]
    public virtual void Merged_cells_become_layout_merges()
    {
        Assert.Equal([new CellRange(5, 0, 5, 2)], Data.Layout!.Merges);
        Assert.Equal("Merged note", At(Data, "A6").Text);
    }

    [Fact]
    public virtual void Every_sheet_is_read_in_order_with_its_name()
    {
        Assert.Equal(["Data", "Notes"], Converted.Sheets.Select(s => s.Name));
        Assert.All(Converted.Sheets, s => Assert.False(s.Hidden));
        var notes = Converted.Sheets[1];
        Assert.Equal("Second sheet", At(notes, "A1").Text);
        Assert.Equal(42, At(notes, "B1").Number);
    }

    [Fact]
    public void The_bitable_fields_are_inferred_alike()
    {
        var inference = new BitableInference(ConversionLimits.Feishu);
        inference.Header(Data.Rows[0].Cells);
        foreach (var (row, cells) in Data.Rows.Skip(1).Take(3)) inference.Observe(cells);
        Assert.Equal(["Name", "Qty", "Price", "Date", "Active", "Total"], inference.Fields().Select(f => f.Name));
        Assert.Equal([FieldType.Text, FieldType.Number, FieldType.Number, FieldType.DateTime, FieldType.Checkbox, FieldType.Number],
            inference.Fields().Select(f => f.Type));
    }
}
