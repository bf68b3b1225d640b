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

    /// <summary>How many (key, window) counters are held; for tests of the eviction.</summary>
    internal int TrackedWindows => _counters.Count;

    public Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var startMs = windowStart.ToUnixTimeMilliseconds();
        var endMs = startMs + (long)window.TotalMilliseconds;
        EvictEndedWindows(startMs, endMs);
        var counter = _counters.GetOrAdd((key, startMs), static (_, end) => new Counter(end), endMs);
        return Task.FromResult(Interlocked.Increment(ref counter.Count));
    }

    /// <summary>Drops windows that ended a whole window length before this one started. The previous
    /// window is kept because a request that began just before the boundary may still count in it.
    /// Runs at most once per window length, so the dictionary holds about two windows' worth of keys.</summary>
    private void EvictEndedWindows(long startMs, long endMs)
    {
        var due = Interlocked.Read(ref _nextSweepMs);
        if (startMs < due || Interlocked.CompareExchange(ref _nextSweepMs, endMs, due) != due)
            return;
        var evictEndedBy = startMs - (endMs - startMs);
        foreach (var entry in _counters)
        {
            if (entry.Value.WindowEndMs <= evictEndedBy)
                _counters.TryRemove(entry);
        }
    }
}
