using System.Text;
using Inkport.Conversion.Formats.Shared;
using Inkport.Conversion.Formats.Xls;
using Inkport.Conversion.Model;
using Inkport.Conversion.Tests.Fixtures;

namespace Inkport.Conversion.Tests;

public sealed class XlsConverterTests
{
    private static byte[] Typed() => File.ReadAllBytes(Path.Combine(FixtureFiles.OutputRoot, "xls", "typed.xls"));

    private static RecordingSink Convert(Stream stream, ConversionOptions? options = null)
    {
        var sink = new RecordingSink();
        new XlsConverter().Convert(stream, options ?? new ConversionOptions { FileName = "typed.xls" }, sink);
        return sink;
    }

    private static ConversionException Fails(byte[] bytes) =>
        Assert.Throws<ConversionException>(() => Convert(new MemoryStream(bytes)));

    [Fact]
    public void Layout_has_merges_widths_heights_and_hidden_sheets()
    {
        var sink = Convert(new MemoryStream(Typed()));
        Assert.Equal(["Typed", "Hidden sheet", "Offset"], sink.Sheets.Select(s => s.Name));
        Assert.Equal([false, true, false], sink.Sheets.Select(s => s.Hidden));
        var layout = sink.Sheets[0].Layout!;
        Assert.Equal([new CellRange(14, 1, 15, 3)], layout.Merges);
        Assert.Equal(18, layout.RowCount);
        Assert.Equal(4, layout.ColumnCount);
        // Column A is 2 in wide, the others 0.889 in (LibreOffice stores them in its own font's characters).
        Assert.InRange(layout.ColumnWidths[0], 170, 200);
        Assert.InRange(layout.ColumnWidths[1], 80, 90);
        // Only the 0.5 in (36 pt) row differs from the sheet's usual height.
        Assert.Equal(new Dictionary<int, int> { [12] = 48 }, layout.RowHeights);
        Assert.Equal("C5", sink.Sheets[2].At(4, 2)?.Text);
    }

    [Fact]
    public void Dates_and_times_become_serials_with_their_format()
    {
        var sheet = Convert(new MemoryStream(Typed())).Sheets[0];
        Assert.Equal(45_351, sheet.At(5, 1)!.Value.Number);
        Assert.Equal(@"yyyy\-mm\-dd", sheet.At(5, 1)!.Value.NumberFormat);
        Assert.Equal(36_525 + (23 * 60 + 45) / 1440.0, sheet.At(6, 1)!.Value.Number, 9);
        // A time alone stays below 1 (the reader moves it a day forward; the converter moves it back).
        Assert.Equal((18 * 3600 + 30 * 60 + 15) / 86400.0, sheet.At(7, 1)!.Value.Number, 9);
        Assert.Equal(CellType.Boolean, sheet.At(8, 1)!.Value.Type);
        Assert.Equal(84, sheet.At(9, 1)!.Value.Number);
        // The reader has no error values; the converter's own pass over the records puts them back, with the formula.
        Assert.Equal(Cell.Error(1, "#DIV/0!") with { Formula = "1/0" }, sheet.At(10, 1));
    }

    [Fact]
    public void Error_constants_are_kept_and_booleans_stay_booleans()
    {
        // A bare BIFF2 worksheet: BOOLERR records hold both error constants and booleans.
        var records = new BiffRecords();
        records.Add(0x0009, 0x00, 0x02, 0x10, 0x00);        // BOF: BIFF2, worksheet
        records.Add(0x0000, 0, 0, 2, 0, 0, 0, 3, 0);        // DIMENSIONS: rows 0-1, columns 0-2
        records.Add(0x0005, 0, 0, 1, 0, 0, 0, 0, 0x2A, 1);  // BOOLERR B1: #N/A
        records.Add(0x0005, 1, 0, 0, 0, 0, 0, 0, 1, 0);     // BOOLERR A2: TRUE
        records.Add(0x0005, 1, 0, 2, 0, 0, 0, 0, 0x07, 1);  // BOOLERR C2: #DIV/0!
        records.Add(0x000A);                                // EOF
        var sheet = Assert.Single(Convert(records.Open(), new ConversionOptions { FileName = "bare.xls" }).Sheets);
        Assert.Equal(Cell.Error(1, "#N/A"), sheet.At(0, 1));
        Assert.Equal(Cell.Bool(0, true), sheet.At(1, 0));
        Assert.Equal(Cell.Error(2, "#DIV/0!"), sheet.At(1, 2));
    }

    [Theory]
    [InlineData(0x08, 2, 1)]  // frozen: the split's rows and columns hold still
    [InlineData(0x00, 0, 0)]  // a movable split freezes nothing
    public void Frozen_panes_come_from_the_window_and_its_split(byte window, int rows, int columns)
    {
        var records = new BiffRecords();
        records.Add(0x0809, 0x00, 0x05, 0x10, 0x00, 0, 0, 0, 0);                // BOF: BIFF5, worksheet
        records.Add(0x0000, 0, 0, 4, 0, 0, 0, 3, 0);                            // DIMENSIONS: rows 0-3, columns 0-2
        records.Add(0x0203, [3, 0, 2, 0, 0x0F, 0, .. BitConverter.GetBytes(1.0)]); // NUMBER C4 = 1
        records.Add(0x023E, window, 0x06, 0, 0, 0, 0, 0, 0, 0, 0);              // WINDOW2: grid, headers (+ frozen)
        records.Add(0x0041, 1, 0, 2, 0, 2, 0, 1, 0, 0);                         // PANE: 1 column, 2 rows
        records.Add(0x000A);                                                    // EOF
        var sheet = Assert.Single(Convert(records.Open(), new ConversionOptions { FileName = "bare.xls" }).Sheets);
        Assert.Equal((rows, columns), (sheet.Layout!.FrozenRowCount, sheet.Layout.FrozenColumnCount));
    }

    [Fact]
    public void A_stream_that_cannot_seek_is_read_and_the_caller_keeps_its_stream()
    {
        var source = new NonSeekable(Typed());
        Assert.Equal(3, Convert(source).Sheets.Count);
        Assert.True(source.CanRead, "the converter must not dispose the caller's stream");
    }

    [Theory]
    [InlineData("PK\u0003\u0004 zip", "zip package")]
    [InlineData("<html><table><tr><td>1</td></tr></table></html>", "markup")]
    [InlineData("\uFEFF<?xml version=\"1.0\"?><Workbook/>", "markup")]
    [InlineData("a,b,c\n1,2,3\n", "no compound-file or BIFF signature")]
    [InlineData("", "empty")]
    public void A_file_that_is_not_xls_at_all_is_corrupt_and_says_what_it_looks_like(string content, string says)
    {
        var e = Fails(Encoding.UTF8.GetBytes(content));
        Assert.Equal(JobStatusCodes.Corrupt, e.JobStatus);
        Assert.Contains(says, e.Message);
    }

    [Fact]
    public void A_byte_swapped_byte_order_field_is_tolerated()
    {
        var bytes = Typed();
        (bytes[28], bytes[29]) = (0xFF, 0xFE);
        Assert.Equal(3, Convert(new MemoryStream(bytes)).Sheets.Count);
    }

    [Fact]
    public void A_sheet_declaring_more_cells_than_the_file_holds_fails_fast()
    {
        var bytes = Typed();
        // The first sheet's DIMENSIONS record (0x0200, 14 bytes): first row, last row + 1 (32-bit),
        // first column, last column + 1, reserved.
        var at = bytes.AsSpan().IndexOf((ReadOnlySpan<byte>)[0x00, 0x02, 0x0E, 0x00]);
        Assert.True(at > 0);
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 8, 4), 1_000_000_000);
        BitConverter.TryWriteBytes(bytes.AsSpan(at + 14, 2), (ushort)60_000);
        var e = Fails(bytes);
        Assert.Equal(JobStatusCodes.Corrupt, e.JobStatus);
        Assert.Contains("more cells than the file can hold", e.Message);
    }

    /// <summary>Damaged copies of a real workbook (bytes overwritten, files cut short), deterministic:
    /// each converts or fails with 129/100, in bounded time, never with another exception.</summary>
    [Fact]
    public void Damaged_workbooks_convert_or_fail_typed_in_bounded_time()
    {
        var original = Typed();
        var random = new Random(20_261_121);
        for (var i = 0; i < 300; i++)
        {
            var bytes = (byte[])original.Clone();
            if (i % 4 == 3) bytes = bytes[..random.Next(bytes.Length)];
            else
                for (var flips = 1 + random.Next(i % 4 == 0 ? 4 : 40); flips > 0; flips--)
                    bytes[i % 4 == 0 ? random.Next(1024) : random.Next(bytes.Length)] = (byte)random.Next(256);
            var run = Task.Run(() => Convert(new MemoryStream(bytes)));
            try { Assert.True(run.Wait(TimeSpan.FromSeconds(20)), $"mutant {i} did not finish"); }
            catch (AggregateException e) when (e.InnerException is ConversionException failure)
            {
                Assert.Contains(failure.JobStatus, new[] { JobStatusCodes.Corrupt, JobStatusCodes.Encrypted });
            }
        }
    }

    [Fact]
    public void Cancellation_stops_the_conversion()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            Convert(new MemoryStream(Typed()), new ConversionOptions { Cancellation = cancelled.Token }));
    }

    [Fact]
    public void Xls_is_registered_for_sheets_only()
    {
        Assert.IsType<XlsConverter>(ImportFormats.Find("xls", ImportTarget.Sheet)?.SpreadsheetConverter);
        Assert.Null(ImportFormats.Find("xls", ImportTarget.Bitable));
    }

    [Fact]
    public void Limits_drop_columns_and_cut_text_and_a_row_that_only_widens_keeps_the_current_width()
    {
        var sink = new RecordingSink();
        var warnings = new Warnings();
        var limited = new SpreadsheetLimits(sink, ConversionLimits.Feishu with { MaxSheetColumns = 5, MaxSheetCells = 5, MaxCellChars = 2 }, warnings);
        limited.BeginSheet("s", false);
        limited.AddRow(0, [Cell.String(0, "a😀b"), Cell.Num(1, 1)]);
        // Column F is past the column limit; A:C would make the grid 2 x 3 = 6 cells: A:B are kept.
        limited.AddRow(1, [Cell.Num(0, 1), Cell.Num(1, 2), Cell.Num(2, 3), Cell.Num(5, 4)]);
        Assert.False(limited.SheetFull);
        // A third row of the 2-column grid is 6 cells: the sheet is full.
        limited.AddRow(2, [Cell.Num(0, 1)]);
        Assert.True(limited.SheetFull);
        limited.EndSheet(new SheetLayout { RowCount = 10, ColumnCount = 6, Merges = [new CellRange(0, 0, 5, 5), new CellRange(4, 0, 4, 1)] });

        var sheet = sink.Sheets[0];
        // Two characters would split the emoji's surrogate pair.
        Assert.Equal("a", sheet.At(0, 0)?.Text);
        Assert.Equal([0, 1], sheet.Rows[1].Cells.Select(c => c.Column));
        Assert.Equal([0, 1], sheet.Rows.Select(r => r.Row));
        Assert.Equal(2, sheet.Layout!.RowCount);
        Assert.Equal(2, sheet.Layout.ColumnCount);
        Assert.Equal([new CellRange(0, 0, 1, 1)], sheet.Layout.Merges);
        Assert.Equal([ExtraCodes.SheetCellTextTooLong, ExtraCodes.SheetTooManyColumns, ExtraCodes.SheetTooManyCells], warnings.Codes);
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Position { get => base.Position; set => throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
