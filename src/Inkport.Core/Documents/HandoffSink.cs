using System.Collections;
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using Inkport.Conversion;
using Inkport.Conversion.Model;

namespace Inkport.Core.Documents;

/// <summary>Runs a document writer on a thread of its own beside the converter: the converter's thread only copies
/// each row into a batch, and the writer's thread replays the batches, in order, into the writer (which encodes
/// the rows and hands parts to the store). On two cores the conversion and the encoding overlap instead of taking
/// turns. At most <see cref="MaxQueued"/> batches wait, so memory stays bounded when the writer is slower.</summary>
public sealed class HandoffSink : ISpreadsheetSink, IDisposable
{
    internal const int RowsPerBatch = 128;
    // A batch is sent once it holds this many cells; its array has room for one more ordinary row, and stays
    // under the large-object threshold (85 KB: 1,700 cells), where arrays cost full collections.
    internal const int CellsPerBatch = 1024;
    private const int CellCapacity = 1536;
    internal const int MaxQueued = 8;
    // Each side is woken only when half the queue is there for it (or at a sheet's edge), not for every batch:
    // a wake-up is a system call and a switch, and there are about a thousand batches in a 20 MB csv.
    private const int WakeAt = MaxQueued / 2;

    private readonly ISpreadsheetSink _writer;
    private readonly object _gate = new();
    private readonly Queue<object> _queued = new();
    private readonly ConcurrentQueue<RowBatch> _free = new();
    private readonly Task _replaying;
    private RowBatch? _filling;
    private bool _closed;
    private bool _stopping;
    private ExceptionDispatchInfo? _failure;

    private HandoffSink(ISpreadsheetSink writer)
    {
        _writer = writer;
        // The writer blocks on the store when it is behind: give it a thread, not one of the pool's.
        _replaying = Task.Factory.StartNew(Replay, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Converts <paramref name="source"/> on the calling thread into <paramref name="writer"/> on another,
    /// and returns once the writer has seen every row. The writer's own failure is thrown here as it was thrown.</summary>
    public static async Task<IReadOnlyList<string>> ConvertAsync(ISpreadsheetConverter converter, Stream source,
        ConversionOptions options, ISpreadsheetSink writer)
    {
        using var handoff = new HandoffSink(writer);
        var warnings = converter.Convert(source, options, handoff);
        await handoff.CompleteAsync();
        return warnings;
    }

    public void BeginSheet(string name, bool hidden)
    {
        SendFilling();
        Send(new SheetStart(name, hidden));
    }

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        var batch = _filling ??= _free.TryDequeue(out var free) ? free : new RowBatch();
        batch.Add(rowIndex, cells);
        if (batch.RowCount >= RowsPerBatch || batch.CellCount >= CellsPerBatch) SendFilling();
    }

    public void EndSheet(SheetLayout layout)
    {
        SendFilling();
        Send(layout);
    }

    /// <summary>Sends what is left and waits until the writer has replayed it all.</summary>
    private async Task CompleteAsync()
    {
        SendFilling();
        Close(stopping: false);
        await _replaying;
        _failure?.Throw();
    }

    /// <summary>Stops the writer's thread and waits for it, so nothing is written once the caller has moved on.</summary>
    public void Dispose()
    {
        Close(stopping: true);
        _replaying.GetAwaiter().GetResult();
    }

    private void Close(bool stopping)
    {
        lock (_gate)
        {
            _closed = true;
            _stopping |= stopping;
            Monitor.PulseAll(_gate);
        }
    }

    private void SendFilling()
    {
        if (_filling is null) return;
        var batch = _filling;
        _filling = null;
        Send(batch);
    }

    /// <summary>Queues an item, waiting while the queue is full; once the writer has failed, its exception is
    /// thrown here, so the converter stops at its next batch.</summary>
    private void Send(object item)
    {
        lock (_gate)
        {
            while (_queued.Count >= MaxQueued && _failure is null) Monitor.Wait(_gate);
            _failure?.Throw();
            _queued.Enqueue(item);
            if (_queued.Count >= WakeAt || item is not RowBatch) Monitor.PulseAll(_gate);
        }
    }

    private bool TryTake(out object item)
    {
        lock (_gate)
        {
            while (_queued.Count == 0 && !_closed) Monitor.Wait(_gate);
            if (_stopping || _queued.Count == 0)
            {
                item = null!;
                return false;
            }
            item = _queued.Dequeue();
            if (_queued.Count == WakeAt) Monitor.PulseAll(_gate); // a converter waiting on a full queue goes on
            return true;
        }
    }

    private void Replay()
    {
        var row = new RowView();
        try
        {
            while (TryTake(out var item))
            {
                switch (item)
                {
                    case RowBatch batch:
                        for (var i = 0; i < batch.RowCount; i++)
                            _writer.AddRow(batch.Row(i, row), row);
                        batch.Clear();
                        _free.Enqueue(batch);
                        break;
                    case SheetStart start:
                        _writer.BeginSheet(start.Name, start.Hidden);
                        break;
                    case SheetLayout layout:
                        _writer.EndSheet(layout);
                        break;
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _failure = ExceptionDispatchInfo.Capture(e);
                Monitor.PulseAll(_gate); // wakes a converter waiting for room
            }
        }
    }

    private sealed record SheetStart(string Name, bool Hidden);

    /// <summary>Rows copied out of the converter's reused list: their cells end to end, and where each row ends.</summary>
    private sealed class RowBatch
    {
        private Cell[] _cells = new Cell[CellCapacity];
        private readonly int[] _rows = new int[RowsPerBatch];
        private readonly int[] _ends = new int[RowsPerBatch];

        public int RowCount { get; private set; }
        public int CellCount { get; private set; }

        public void Add(int rowIndex, IReadOnlyList<Cell> cells)
        {
            if (CellCount + cells.Count > _cells.Length) Array.Resize(ref _cells, Math.Max(_cells.Length * 2, CellCount + cells.Count));
            switch (cells)
            {
                case List<Cell> list: CollectionsMarshal.AsSpan(list).CopyTo(_cells.AsSpan(CellCount)); break;
                case Cell[] array: array.CopyTo(_cells, CellCount); break;
                default: for (var i = 0; i < cells.Count; i++) _cells[CellCount + i] = cells[i]; break;
            }
            CellCount += cells.Count;
            _rows[RowCount] = rowIndex;
            _ends[RowCount] = CellCount;
            RowCount++;
        }

        /// <summary>Points <paramref name="view"/> at row <paramref name="i"/>'s cells and returns its index.</summary>
        public int Row(int i, RowView view)
        {
            var start = i == 0 ? 0 : _ends[i - 1];
            view.Point(_cells, start, _ends[i] - start);
            return _rows[i];
        }

        public void Clear()
        {
            // Drop the strings the cells hold, so a waiting batch keeps nothing alive.
            Array.Clear(_cells, 0, CellCount);
            if (_cells.Length > CellCapacity) _cells = new Cell[CellCapacity]; // a very wide row grew it
            RowCount = 0;
            CellCount = 0;
        }
    }

    /// <summary>One row of a batch as the list the sink interface takes; re-pointed for every row, as a converter's own list is.</summary>
    private sealed class RowView : IReadOnlyList<Cell>
    {
        private Cell[] _cells = [];
        private int _start;

        public int Count { get; private set; }

        public void Point(Cell[] cells, int start, int count)
        {
            _cells = cells;
            _start = start;
            Count = count;
        }

        public Cell this[int index] => (uint)index < (uint)Count ? _cells[_start + index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<Cell> GetEnumerator()
        {
            for (var i = 0; i < Count; i++) yield return _cells[_start + i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
