using System.Text;
using Inkport.Conversion.Formats.Csv;
using Inkport.Conversion.Model;

namespace Inkport.Conversion.Tests;

public sealed class CsvConverterTests
{
    private static (RecordingSink.Sheet Sheet, IReadOnlyList<string> Warnings) Convert(string text, ConversionLimits? limits = null, string fileName = "data.csv")
    {
        var sink = new RecordingSink();
        var warnings = new CsvConverter().Convert(new MemoryStream(Encoding.UTF8.GetBytes(text)),
            new ConversionOptions { FileName = fileName, Limits = limits ?? ConversionLimits.Feishu }, sink);
        return (Assert.Single(sink.Sheets), warnings);
    }

    private static List<string[]> Grid(string text) => Convert(text).Sheet.Grid();

    [Theory]
    [InlineData("a,b\n1,2\n", ',')]
    [InlineData("a;b\n1,5;2\n", ';')]
    [InlineData("a\tb\n1,5\t2\n", '\t')]
    [InlineData("a|b|c\nx,y|1|2\n", '|')]
    [InlineData("\"a;b\",c\n\"x;y\",z\n", ',')]
    [InlineData("name;note\nx;\"a,b,c,d\"\ny;\"e,f,g\"\n", ';')]
    [InlineData("single\n", ',')]
    public void Sniffs_the_delimiter_honouring_quotes(string text, char expected) =>
        Assert.Equal((byte)expected, CsvDialect.Sniff(Encoding.UTF8.GetBytes(text), complete: true));

    [Fact]
    public void Sep_line_is_not_data()
    {
        Assert.Equal([["a", "b"], ["1", "2"]], Grid("sep=|\na|b\n1|2\n"));
        Assert.Equal([["a", "b"]], Grid("SEP=\t\r\na\tb"));
    }

    [Theory]
    [InlineData("a,b\r\n1,2\r\n")]
    [InlineData("a,b\n1,2\n")]
    [InlineData("a,b\r1,2\r")]
    [InlineData("a,b\r\n1,2")]
    public void Line_ends(string text) => Assert.Equal([["a", "b"], ["1", "2"]], Grid(text));

    [Fact]
    public void Quotes_embedded_newlines_doubled_quotes_and_lone_quotes()
    {
        var grid = Grid("\"x\ny\",\"say \"\"hi\"\"\",5\" tall,\"\"\n");
        Assert.Equal([["x\ny", "say \"hi\"", "5\" tall"]], grid);
    }

    [Fact]
    public void Empty_fields_make_no_cells_and_ragged_rows_keep_their_width()
    {
        var (sheet, _) = Convert("a,,c\n\n1\n,,,,e\n");
        Assert.Equal([0, 2, 3], sheet.Rows.Select(r => r.Row));
        Assert.Equal([0, 2], sheet.Rows[0].Cells.Select(c => c.Column));
        Assert.Equal(4, sheet.Layout!.RowCount);
        Assert.Equal(5, sheet.Layout.ColumnCount);
    }

    [Fact]
    public void Bom_is_not_part_of_the_first_field()
    {
        var sink = new RecordingSink();
        new CsvConverter().Convert(new MemoryStream([0xEF, 0xBB, 0xBF, (byte)'a', (byte)',', (byte)'1']), new ConversionOptions(), sink);
        Assert.Equal("a", sink.Sheets[0].At(0, 0)!.Value.Text);
    }

    [Theory]
    [InlineData("42", 42.0, null)]
    [InlineData("-3.5", -3.5, null)]
    [InlineData(".5", 0.5, null)]
    [InlineData("1e3", 1000.0, null)]
    [InlineData("12%", 0.12, "0%")]
    [InlineData("\"1,234\"", 1234.0, "#,##0")]
    [InlineData("2024-01-31", 45322.0, "yyyy-mm-dd")]
    [InlineData("2024/1/31", 45322.0, "yyyy/m/d")]
    [InlineData("2024-01-31 12:00", 45322.5, "yyyy-mm-dd hh:mm")]
    [InlineData("1900-01-01 12:00:00", 2.5, "yyyy-mm-dd hh:mm:ss")]
    public void Typed_numbers_and_dates(string field, double number, string? format)
    {
        var cell = Convert("x\n" + field + "\n").Sheet.At(1, 0)!.Value;
        Assert.Equal(CellType.Number, cell.Type);
        Assert.Equal(number, cell.Number, 9);
        Assert.Equal(format, cell.NumberFormat);
    }

    [Fact]
    public void Plain_decimals_read_exactly_as_double_parse_does()
    {
        // The byte-level reader of plain decimals must give the correctly rounded double, as the
        // general parser does, for every length up to 15 digits.
        var random = new Random(15);
        string Digits(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => (char)('0' + random.Next(10))));
        for (var i = 0; i < 20_000; i++)
        {
            var intDigits = random.Next(1, 16);
            var fraction = random.Next(0, 16 - intDigits);
            var text = (random.Next(2) == 0 ? "-" : "") + (char)('1' + random.Next(9)) + Digits(intDigits - 1) + (fraction > 0 ? "." + Digits(fraction) : "");
            var cell = CsvValues.Type(0, Encoding.ASCII.GetBytes(text), decimalComma: false);
            Assert.Equal(CellType.Number, cell.Type);
            Assert.Equal(double.Parse(text, System.Globalization.CultureInfo.InvariantCulture), cell.Number);
            Assert.Null(cell.NumberFormat);
        }
    }

    [Theory]
    [InlineData("007")]
    [InlineData("-0012.5")]
    [InlineData("1234567890123456")]
    [InlineData("+8613800138000")]
    [InlineData("1,5")]
    [InlineData("2024-13-01")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("1.2.3")]
    [InlineData("=1+1")]
    [InlineData("12 346")]
    public void Text_that_looks_numeric_stays_text(string field)
    {
        var cell = Convert("x\n\"" + field + "\"\n").Sheet.At(1, 0)!.Value;
        Assert.Equal(Cell.String(0, field), cell);
    }

    [Fact]
    public void Booleans()
    {
        var (sheet, _) = Convert("TRUE,false,True,yes\n");
        Assert.Equal([Cell.Bool(0, true), Cell.Bool(1, false), Cell.Bool(2, true), Cell.String(3, "yes")], sheet.Rows[0].Cells);
    }

    [Fact]
    public void Decimal_commas_only_with_semicolons()
    {
        var (sheet, _) = Convert("a;b;c\n1,5;1.234,5;2.5\n");
        Assert.Equal([1.5, 1234.5, 2.5], sheet.Rows[1].Cells.Select(c => c.Number));
    }

    [Fact]
    public void Columns_beyond_the_limit_are_dropped()
    {
        var (sheet, warnings) = Convert("a,b,c,d\n1,2\n", ConversionLimits.Feishu with { MaxSheetColumns = 3 });
        Assert.Equal([ExtraCodes.SheetTooManyColumns], warnings);
        Assert.Equal(3, sheet.Layout!.ColumnCount);
        Assert.Equal(["a", "b", "c"], sheet.Grid()[0]);
    }

    [Fact]
    public void Empty_fields_beyond_the_column_limit_are_no_loss()
    {
        var (_, warnings) = Convert("a,b,c,,,\n", ConversionLimits.Feishu with { MaxSheetColumns = 3 });
        Assert.Empty(warnings);
    }

    [Fact]
    public void Cells_beyond_the_limit_are_dropped()
    {
        var (sheet, warnings) = Convert("a,b\n1,2\n3,4\n5,6\n", ConversionLimits.Feishu with { MaxSheetCells = 5 });
        Assert.Equal([ExtraCodes.SheetTooManyCells], warnings);
        Assert.Equal(2, sheet.Layout!.RowCount);
        Assert.Equal(2, sheet.Layout.ColumnCount);
    }

    [Fact]
    public void A_row_that_would_widen_a_full_grid_keeps_the_current_width()
    {
        var (sheet, warnings) = Convert("a\nb\nc,d\n", ConversionLimits.Feishu with { MaxSheetCells = 4 });
        Assert.Equal([ExtraCodes.SheetTooManyCells], warnings);
        Assert.Equal([["a"], ["b"], ["c"]], sheet.Grid());
    }

    [Fact]
    public void Long_cell_text_is_truncated()
    {
        var (sheet, warnings) = Convert("\"" + new string('x', 30) + "\",12345678\n", ConversionLimits.Feishu with { MaxCellChars = 10 });
        Assert.Equal([ExtraCodes.SheetCellTextTooLong], warnings);
        Assert.Equal(new string('x', 10), sheet.At(0, 0)!.Value.Text);
        Assert.Equal(12345678, sheet.At(0, 1)!.Value.Number);
    }

    [Theory]
    [InlineData("é", 10)]
    [InlineData("中", 10)]
    [InlineData("😀", 5)]
    public void Long_cell_text_is_truncated_in_chars_not_bytes(string unit, int units)
    {
        // 10 chars of multi-byte text are over 10 bytes but within a 10-char limit; 11 are not.
        var fits = string.Concat(Enumerable.Repeat(unit, units));
        var limits = ConversionLimits.Feishu with { MaxCellChars = 10 };
        var (sheet, warnings) = Convert(fits + "," + fits + unit + unit + "\n", limits);
        Assert.Equal([ExtraCodes.SheetCellTextTooLong], warnings);
        Assert.Equal(fits, sheet.At(0, 0)!.Value.Text);
        Assert.Equal(fits, sheet.At(0, 1)!.Value.Text);
    }

    [Fact]
    public void An_unclosed_quote_in_a_large_file_stays_one_bounded_cell()
    {
        // 24 MB that never closes its quote: bounded by the cell limit, not by the input.
        var sink = new RecordingSink();
        var warnings = new CsvConverter().Convert(new RepeatingStream("\""u8.ToArray(), "abc,def\r\n"u8.ToArray(), 24 << 20),
            new ConversionOptions { FileName = "big.csv" }, sink);
        Assert.Equal([ExtraCodes.SheetCellTextTooLong], warnings);
        var cell = Assert.Single(Assert.Single(sink.Sheets[0].Rows).Cells);
        Assert.Equal(ConversionLimits.Feishu.MaxCellChars, cell.Text!.Length);
    }

    [Fact]
    public void Cancellation_is_observed()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => new CsvConverter().Convert(new MemoryStream("a\n"u8.ToArray()),
            new ConversionOptions { Cancellation = cts.Token }, new RecordingSink()));
    }

    [Theory]
    [InlineData("report.csv", "report")]
    [InlineData("dir/sub/q1 [draft]: v2?.csv", "q1 _draft__ v2_")]
    [InlineData("", "Sheet1")]
    [InlineData(".csv", "Sheet1")]
    public void Sheet_is_named_after_the_file(string fileName, string expected) =>
        Assert.Equal(expected, Convert("a", fileName: fileName).Sheet.Name);

    [Theory]
    [InlineData(128 * 1024)]
    [InlineData(64)]
    [InlineData(7)]
    public void Random_csv_round_trips_through_the_parser(int bufferSize)
    {
        // Property-style: fields of quotes, delimiters, line breaks, spaces and non-ASCII text,
        // written with RFC 4180 quoting, parse back equal. The seed keeps failures reproducible.
        // Small buffers send records across the buffer's end and past its length (the copying path).
        // Whole characters: a lone half of a surrogate pair has no UTF-8 form.
        string[] alphabet = ["a", "b", " ", ",", "\"", "\r", "\n", ";", "\t", "|", "é", "中", "😀"];
        var random = new Random(4180);
        for (var round = 0; round < 300; round++)
        {
            var rows = Enumerable.Range(0, random.Next(1, 8)).Select(_ =>
                Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
                    string.Concat(Enumerable.Range(0, random.Next(0, 7)).Select(_ => alphabet[random.Next(alphabet.Length)]))).ToArray()).ToList();
            // An empty single-field row is written as an empty line: the last row needs a field so
            // that the trailing line end is not mistaken for it.
            if (rows[^1] is [""]) rows[^1] = ["z"];
            var text = new StringBuilder();
            foreach (var row in rows)
                text.Append(string.Join(',', row.Select(f => f.AsSpan().ContainsAny(",\"\r\n") || f.StartsWith(' ') ? "\"" + f.Replace("\"", "\"\"") + "\"" : f))).Append(random.Next(2) == 0 ? "\r\n" : "\n");
            var parser = new CsvParser(new TrickleStream(Encoding.UTF8.GetBytes(text.ToString()), random), int.MaxValue, int.MaxValue, bufferSize);
            var parsed = new List<string[]>();
            while (parser.Next()) parsed.Add(Enumerable.Range(0, parser.FieldCount).Select(i => Encoding.UTF8.GetString(parser.Field(i))).ToArray());
            Assert.Equal(rows, parsed);
        }
    }

    [Theory]
    [InlineData("a,\"b\"\"c\"x,\"d\ne\",\"f", new[] { "a", "b\"cx", "d\ne", "f" })]
    [InlineData("\"a\"\"\",\"\"\r\n\"\"\"\"", new[] { "a\"", "" }, new[] { "\"" })]
    [InlineData("x,\r\n,y,", new[] { "x", "" }, new[] { "", "y", "" })]
    public void Lenient_quoting_reads_the_same_at_every_buffer_size(string text, params string[][] expected)
    {
        // Doubled quotes, text after a closing quote, an unclosed quote at the end, and a
        // trailing delimiter, wherever the buffer's end falls.
        foreach (var size in new[] { 1 << 17, 16, 5, 3, 1 })
        {
            var parser = new CsvParser(new MemoryStream(Encoding.UTF8.GetBytes(text)), int.MaxValue, int.MaxValue, size);
            var parsed = new List<string[]>();
            while (parser.Next()) parsed.Add(Enumerable.Range(0, parser.FieldCount).Select(i => Encoding.UTF8.GetString(parser.Field(i))).ToArray());
            Assert.Equal(expected, parsed);
        }
    }

    /// <summary>Hands out its bytes in reads of random length, as a network stream does.</summary>
    private sealed class TrickleStream(byte[] bytes, Random random) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, random.Next(1, 40)));
    }
}

/// <summary>Measures the live heap, so it runs alone: other tests' allocations would count.</summary>
[CollectionDefinition(nameof(CsvMemoryTests), DisableParallelization = true)]
[Collection(nameof(CsvMemoryTests))]
public sealed class CsvMemoryTests
{
    [Fact]
    public void Large_files_stream_with_bounded_memory()
    {
        var rows = 0;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var peak = 0L;
        var stream = new RepeatingStream("id,name,score,when\r\n"u8.ToArray(), "17,\"Ada, Countess\",12.5,2024-01-31\r\n"u8.ToArray(), 32 << 20);
        new CsvConverter().Convert(stream, new ConversionOptions(), new CountingSink(() =>
        {
            if (++rows % 100_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - before);
        }));
        Assert.True(rows > 900_000, $"{rows} rows");
        Assert.True(peak < 16 << 20, $"live heap grew by {peak:N0} bytes");
    }

    private sealed class CountingSink(Action onRow) : ISpreadsheetSink
    {
        public void BeginSheet(string name, bool hidden) { }
        public void AddRow(int rowIndex, IReadOnlyList<Cell> cells) => onRow();
        public void EndSheet(SheetLayout layout) { }
    }
}

/// <summary>A seekable stream of a head followed by a unit repeated up to a length, generated on the fly.</summary>
internal sealed class RepeatingStream(byte[] head, byte[] unit, long length) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get; set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = (int)Math.Min(count, length - Position);
        for (var i = 0; i < n; i++, Position++)
            buffer[offset + i] = Position < head.Length ? head[Position] : unit[(Position - head.Length) % unit.Length];
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
