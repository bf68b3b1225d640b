using Inkport.Conversion;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;

namespace Inkport.Core.Tests.Documents;

/// <summary>The writer behind a handoff sees exactly the calls the converter made, in order, on a thread of its own;
/// its failure reaches the caller as it was thrown and stops the converter; the queue between them is bounded.</summary>
public class HandoffSinkTests
{
    [Fact]
    public async Task The_writer_sees_every_call_in_order_on_another_thread()
    {
        var converter = new ScriptedConverter(sink =>
        {
            var cells = new List<Cell>();
            sink.BeginSheet("first", hidden: false);
            for (var row = 0; row < 5000; row++)
            {
                cells.Clear(); // the converter reuses its list, as real ones do
                for (var column = 0; column < row % 13; column++)
                    cells.Add(column % 2 == 0 ? Cell.String(column * 2, $"r{row}c{column}") : Cell.Num(column * 2, row + column / 10.0, "0.0") with { Link = "https://x/" + row });
                if (cells.Count > 0) sink.AddRow(row * 3, cells);
            }
            sink.EndSheet(new SheetLayout { RowCount = 15000, ColumnCount = 24, FrozenRowCount = 1 });
            sink.BeginSheet("second", hidden: true);
            // One row wider than a batch's array.
            sink.AddRow(7, Enumerable.Range(0, 5000).Select(c => Cell.Num(c, c)).ToArray());
            sink.EndSheet(new SheetLayout { RowCount = 8, ColumnCount = 5000 });
            return ["2001"];
        });
        var expected = new RecordingSink();
        converter.Convert(Stream.Null, new ConversionOptions(), expected);

        var writer = new RecordingSink();
        var warnings = await HandoffSink.ConvertAsync(converter, Stream.Null, new ConversionOptions(), writer);

        Assert.Equal(["2001"], warnings);
        Assert.Equal(expected.Calls.Count, writer.Calls.Count);
        Assert.Equal(expected.Calls, writer.Calls);
        Assert.DoesNotContain(Environment.CurrentManagedThreadId, writer.Threads);
        Assert.Single(writer.Threads);
    }

    [Fact]
    public async Task A_failing_writer_stops_the_converter_and_its_exception_reaches_the_caller()
    {
        var rowsOffered = 0;
        var converter = new ScriptedConverter(sink =>
        {
            sink.BeginSheet("s", hidden: false);
            for (var row = 0; row < 1_000_000; row++)
            {
                sink.AddRow(row, [Cell.String(0, "x")]);
                rowsOffered++;
            }
            sink.EndSheet(new SheetLayout());
            return [];
        });
        var writer = new RecordingSink { FailAtRow = 1000 };

        var thrown = await Assert.ThrowsAsync<IOException>(() => HandoffSink.ConvertAsync(converter, Stream.Null, new ConversionOptions(), writer));

        Assert.Same(writer.Thrown, thrown);
        Assert.True(rowsOffered < 1000 + (HandoffSink.MaxQueued + 2) * HandoffSink.RowsPerBatch, $"the converter went on for {rowsOffered} rows");
    }

    [Fact]
    public async Task A_failing_converter_leaves_no_writer_running()
    {
        var writer = new RecordingSink();
        var converter = new ScriptedConverter(sink =>
        {
            sink.BeginSheet("s", hidden: false);
            for (var row = 0; row < 600; row++) sink.AddRow(row, [Cell.Num(0, row)]);
            throw ConversionException.Corrupt("broken at row 600");
        });

        await Assert.ThrowsAsync<ConversionException>(() => HandoffSink.ConvertAsync(converter, Stream.Null, new ConversionOptions(), writer));

        // Disposing waited for the writer's thread: what it saw is final, and it never saw the end of the sheet.
        var seen = writer.Calls.Count;
        await Task.Delay(50);
        Assert.Equal(seen, writer.Calls.Count);
        Assert.DoesNotContain(writer.Calls, c => c.StartsWith("end", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_slow_writer_holds_the_converter_to_a_bounded_queue()
    {
        using var release = new ManualResetEventSlim();
        var rowsOffered = 0;
        var converter = new ScriptedConverter(sink =>
        {
            sink.BeginSheet("s", hidden: false);
            for (var row = 0; row < 100_000; row++)
            {
                sink.AddRow(row, [Cell.String(0, "x")]);
                Volatile.Write(ref rowsOffered, row + 1);
            }
            sink.EndSheet(new SheetLayout());
            return [];
        });
        var writer = new RecordingSink { Gate = release };

        var converting = Task.Run(() => HandoffSink.ConvertAsync(converter, Stream.Null, new ConversionOptions(), writer));
        try
        {
            // The queue fills (the sheet's start takes a place in it); then at most the batch the writer holds
            // and the one being filled are beyond it, however late the writer's thread started.
            var queued = (HandoffSink.MaxQueued - 1) * HandoffSink.RowsPerBatch;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref rowsOffered) < queued && DateTime.UtcNow < deadline) await Task.Delay(5);
            await Task.Delay(200);
            Assert.InRange(Volatile.Read(ref rowsOffered), queued, queued + 3 * HandoffSink.RowsPerBatch);
        }
        finally
        {
            release.Set();
        }
        await converting;
        Assert.Equal(100_000, writer.Calls.Count(c => c.StartsWith("row", StringComparison.Ordinal)));
    }

    private sealed class ScriptedConverter(Func<ISpreadsheetSink, IReadOnlyList<string>> script) : ISpreadsheetConverter
    {
        public IReadOnlyList<string> Convert(Stream source, ConversionOptions options, ISpreadsheetSink sink) => script(sink);
    }

    /// <summary>Writes every call down as text, and notes the threads it was called on.</summary>
    private sealed class RecordingSink : ISpreadsheetSink
    {
        public List<string> Calls { get; } = [];
        public HashSet<int> Threads { get; } = [];
        public int FailAtRow { get; init; } = -1;
        public ManualResetEventSlim? Gate { get; init; }
        public Exception? Thrown { get; private set; }

        public void BeginSheet(string name, bool hidden) => Record($"begin {name} {hidden}");

        public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
        {
            if (rowIndex == FailAtRow) throw Thrown = new IOException($"disk full at row {rowIndex}");
            Gate?.Wait();
            Record($"row {rowIndex}: {string.Join("; ", cells)}");
        }

        public void EndSheet(SheetLayout layout) => Record($"end {layout.RowCount}x{layout.ColumnCount} frozen {layout.FrozenRowCount}");

        private void Record(string call)
        {
            Calls.Add(call);
            Threads.Add(Environment.CurrentManagedThreadId);
        }
    }
}
