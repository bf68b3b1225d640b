using System.Collections.Concurrent;
using Inkport.Core.Storage;

namespace Inkport.Storage.Sqlite.Stores;

/// <summary>Rate counters kept in memory rather than in SQLite. The embedded mode is one process per
/// data folder (<see cref="SqliteStorage"/> holds a lock file to make sure), so "shared by every
/// process" means this one. A counter is bumped on every API request: keeping it off the single writer
/// connection keeps the hot path free of a write transaction and of queueing behind imports. Windows are
/// short, so losing them at a restart only starts the current window afresh.</summary>
internal sealed class InProcessRateCounterStore : IRateCounterStore
{
    private sealed class Counter(long windowEndMs)
    {
        public long Count;
        public long WindowEndMs { get; } = windowEndMs;
    }

    private readonly ConcurrentDictionary<(string Key, long WindowStartMs), Counter> _counters = new();
    private long _nextSweepMs = long.MinValue;

    public Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var startMs = windowStart.ToUnixTimeMilliseconds();
        var endMs = startMs + (long)window.TotalMilliseconds;
        EvictEndedBefore(startMs, endMs);
        var counter = _counters.GetOrAdd((key, startMs), static (_, end) => new Counter(end), endMs);
        return Task.FromResult(Interlocked.Increment(ref counter.Count));
    }

    /// <summary>Drops windows that ended before this one started; runs at most once per window length,
    /// so the dictionary holds roughly the keys of the current and previous windows.</summary>
    private void EvictEndedBefore(long startMs, long endMs)
    {
        var due = Interlocked.Read(ref _nextSweepMs);
        if (startMs < due || Interlocked.CompareExchange(ref _nextSweepMs, endMs, due) != due)
            return;
        foreach (var entry in _counters)
        {
            if (entry.Value.WindowEndMs <= startMs)
                _counters.TryRemove(entry);
        }
    }
}
