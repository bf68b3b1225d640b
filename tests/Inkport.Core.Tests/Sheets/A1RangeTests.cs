using Inkport.Core.Sheets;

namespace Inkport.Core.Tests.Sheets;

public class A1RangeTests
{
    [Theory]
    // input, kind, start row, start column, end row (-1 = open), end column (-1 = open), canonical text
    [InlineData("Q7PlXT", A1RangeKind.Sheet, 0, 0, -1, -1, "Q7PlXT")]
    [InlineData("Q7PlXT!A1:B2", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT!A3:D200", A1RangeKind.Cells, 2, 0, 199, 3, "Q7PlXT!A3:D200")]
    [InlineData("Q7PlXT!A:B", A1RangeKind.Columns, 0, 0, -1, 1, "Q7PlXT!A:B")]
    [InlineData("Q7PlXT!A1:C", A1RangeKind.CellToColumn, 0, 0, -1, 2, "Q7PlXT!A1:C")]
    [InlineData("Q7PlXT!B3:C", A1RangeKind.CellToColumn, 2, 1, -1, 2, "Q7PlXT!B3:C")]
    [InlineData("Q7PlXT!1:2", A1RangeKind.Rows, 0, 0, 1, -1, "Q7PlXT!1:2")]
    [InlineData("Q7PlXT!A1", A1RangeKind.Cells, 0, 0, 0, 0, "Q7PlXT!A1:A1")]
    [InlineData("Q7PlXT!C7", A1RangeKind.Cells, 6, 2, 6, 2, "Q7PlXT!C7:C7")]
    [InlineData("Q7PlXT%21A1:B2", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT%21A1%3AB2", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT%21a1", A1RangeKind.Cells, 0, 0, 0, 0, "Q7PlXT!A1:A1")]
    [InlineData("Q7PlXT!a1:b2", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT!xfd1:xfd2", A1RangeKind.Cells, 0, 16383, 1, 16383, "Q7PlXT!XFD1:XFD2")]
    [InlineData("Q7PlXT!B2:A1", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT!B1:A2", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT!A2:B1", A1RangeKind.Cells, 0, 0, 1, 1, "Q7PlXT!A1:B2")]
    [InlineData("Q7PlXT!C:A", A1RangeKind.Columns, 0, 0, -1, 2, "Q7PlXT!A:C")]
    [InlineData("Q7PlXT!5:3", A1RangeKind.Rows, 2, 0, 4, -1, "Q7PlXT!3:5")]
    [InlineData("Q7PlXT!C5:A", A1RangeKind.CellToColumn, 4, 0, -1, 2, "Q7PlXT!A5:C")]
    [InlineData("Q7PlXT!AA10:XFD20", A1RangeKind.Cells, 9, 26, 19, 16383, "Q7PlXT!AA10:XFD20")]
    [InlineData("Q7PlXT!SEZ1", A1RangeKind.Cells, 0, 12999, 0, 12999, "Q7PlXT!SEZ1:SEZ1")]
    [InlineData("Q7PlXT!ZZZ1", A1RangeKind.Cells, 0, 18277, 0, 18277, "Q7PlXT!ZZZ1:ZZZ1")]
    [InlineData("Q7PlXT!A01", A1RangeKind.Cells, 0, 0, 0, 0, "Q7PlXT!A1:A1")]
    [InlineData("Q7PlXT!A2147483647", A1RangeKind.Cells, 2147483646, 0, 2147483646, 0, "Q7PlXT!A2147483647:A2147483647")]
    [InlineData("0b6377!B1:C8", A1RangeKind.Cells, 0, 1, 7, 2, "0b6377!B1:C8")]
    [InlineData("A1", A1RangeKind.Sheet, 0, 0, -1, -1, "A1")]
    public void Parses_every_documented_form(string text, A1RangeKind kind, int startRow, int startColumn, int endRow, int endColumn, string canonical)
    {
        var range = A1Range.Parse(text);

        Assert.Equal(kind, range.Kind);
        Assert.Equal(startRow, range.StartRow);
        Assert.Equal(startColumn, range.StartColumn);
        Assert.Equal(endRow < 0 ? null : endRow, range.EndRow);
        Assert.Equal(endColumn < 0 ? null : endColumn, range.EndColumn);
        Assert.Equal(canonical, range.ToString());
        Assert.Equal(range, A1Range.Parse(canonical));
    }

    [Fact]
    public void Sheet_id_is_everything_before_the_bang()
    {
        Assert.Equal("Q7PlXT", A1Range.Parse("Q7PlXT!A1:B2").SheetId);
        Assert.Equal("sxj5ws", A1Range.Parse("sxj5ws").SheetId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("!A1")]
    [InlineData("!")]
    [InlineData("abc!")]
    [InlineData("abc%21")]
    [InlineData("s!A0")]
    [InlineData("s!A0:B2")]
    [InlineData("s!0:2")]
    [InlineData("s!1A")]
    [InlineData("s!A1:")]
    [InlineData("s!:B2")]
    [InlineData("s!:")]
    [InlineData("s!A")]
    [InlineData("s!1")]
    [InlineData("s!A1B")]
    [InlineData("s!A1:B2:C3")]
    [InlineData("s!A1!B2")]
    [InlineData("s!AAAA1")]
    [InlineData("s!A1:AAAA2")]
    [InlineData("s!A2147483648")]
    [InlineData("s!A99999999999")]
    [InlineData("s!A1:B99999999999999999999")]
    [InlineData("s!A-1")]
    [InlineData("s!A1.5")]
    [InlineData("s!A1:2")]
    [InlineData("s!1:B2")]
    [InlineData("s!A:B2")]
    [InlineData("s!1:B")]
    [InlineData("s!A:1")]
    [InlineData("s!$A$1")]
    [InlineData("s!A 1")]
    [InlineData("s!A1:B2 ")]
    [InlineData("s !A1")]
    [InlineData(" ")]
    [InlineData("a:b")]
    [InlineData("s!Ａ1")]
    [InlineData("s!A١")]
    public void Refuses_anything_else(string? text)
    {
        Assert.False(A1Range.TryParse(text, out var range, out var reason));
        Assert.Null(range);
        Assert.False(string.IsNullOrEmpty(reason));
        var error = Assert.Throws<A1RangeFormatException>(() => A1Range.Parse(text));
        Assert.IsAssignableFrom<FormatException>(error);
        Assert.Equal(text ?? "", error.Range);
    }

    [Theory]
    // grid 200 rows x 20 columns (A..T)
    [InlineData("s", "s!A1:T200")]
    [InlineData("s!A1:B2", "s!A1:B2")]
    [InlineData("s!A1", "s!A1:A1")]
    [InlineData("s!A1:Z500", "s!A1:T200")]
    [InlineData("s!S199:Z500", "s!S199:T200")]
    [InlineData("s!A:B", "s!A1:B200")]
    [InlineData("s!B:ZZ", "s!B1:T200")]
    [InlineData("s!1:2", "s!A1:T2")]
    [InlineData("s!150:300", "s!A150:T200")]
    [InlineData("s!B3:C", "s!B3:C200")]
    [InlineData("s!T200", "s!T200:T200")]
    [InlineData("s!U1:Z2", null)]
    [InlineData("s!U:V", null)]
    [InlineData("s!A201:B300", null)]
    [InlineData("s!201:300", null)]
    [InlineData("s!A201:C", null)]
    public void Clamps_to_the_grid(string text, string? expected)
    {
        Assert.Equal(expected, A1Range.Parse(text).Clamp(200, 20)?.ToString());
    }

    [Theory]
    // grid 10 rows x 300 columns (A..KN): open-ended column forms stop after 100 columns
    [InlineData("s!A:ZZ", "s!A1:CV10")]
    [InlineData("s!B2:ZZ", "s!B2:CW10")]
    [InlineData("s!A:CV", "s!A1:CV10")]
    [InlineData("s!CX:A", "s!A1:CV10")]
    [InlineData("s!A1:ZZ10", "s!A1:KN10")]
    [InlineData("s", "s!A1:KN10")]
    [InlineData("s!1:2", "s!A1:KN2")]
    [InlineData("s!KA:ZZ", "s!KA1:KN10")]
    public void Open_ended_column_forms_return_at_most_100_columns(string text, string expected)
    {
        var rect = A1Range.Parse(text).Clamp(10, 300);
        Assert.NotNull(rect);
        Assert.Equal(expected, rect.Value.ToString());
        Assert.True(text is "s" or "s!1:2" or "s!A1:ZZ10" || rect.Value.ColumnCount <= A1Range.OpenColumnLimit);
    }

    [Fact]
    public void Clamped_rectangle_reports_its_size()
    {
        var rect = A1Range.Parse("s!B2:D5").Clamp(100, 100)!.Value;
        Assert.Equal(new SheetRect("s", 1, 1, 4, 3), rect);
        Assert.Equal(4, rect.RowCount);
        Assert.Equal(3, rect.ColumnCount);
        Assert.Equal(12, rect.CellCount);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 5)]
    [InlineData(5, 0)]
    public void An_empty_grid_leaves_nothing(int rows, int columns)
    {
        Assert.Null(A1Range.Parse("s").Clamp(rows, columns));
        Assert.Null(A1Range.Parse("s!A1").Clamp(rows, columns));
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(1, "B")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    [InlineData(51, "AZ")]
    [InlineData(52, "BA")]
    [InlineData(701, "ZZ")]
    [InlineData(702, "AAA")]
    [InlineData(16383, "XFD")]
    [InlineData(12999, "SEZ")]
    [InlineData(18277, "ZZZ")]
    [InlineData(18278, "AAAA")]
    [InlineData(ColumnLetters.MaxIndex, "FXSHRXW")]
    public void Column_letters_map_both_ways(int index, string letters)
    {
        Assert.Equal(letters, ColumnLetters.FromIndex(index));
        Assert.Equal(index, ColumnLetters.ToIndex(letters));
        Assert.Equal(index, ColumnLetters.ToIndex(letters.ToLowerInvariant()));
    }

    [Fact]
    public void Column_letters_round_trip_through_13000_columns_and_beyond()
    {
        for (var i = 0; i < 20_000; i++)
            Assert.Equal(i, ColumnLetters.ToIndex(ColumnLetters.FromIndex(i)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("A1")]
    [InlineData("-")]
    [InlineData("Ä")]
    [InlineData("@")]
    [InlineData("[")]
    [InlineData("FXSHRXX")]
    [InlineData("AAAAAAAA")]
    public void Column_letters_refuse_non_names(string letters)
    {
        Assert.False(ColumnLetters.TryToIndex(letters, out _));
        Assert.Throws<FormatException>(() => ColumnLetters.ToIndex(letters));
    }

    [Fact]
    public void Column_index_must_be_in_range()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnLetters.FromIndex(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ColumnLetters.FromIndex(int.MaxValue));
    }
}
