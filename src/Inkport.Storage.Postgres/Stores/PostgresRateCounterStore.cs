using Inkport.Core.Storage;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>Fixed-window counters in an unlogged table, so a window holds for the whole cluster: one statement
/// adds one and returns the count, the row lock ordering concurrent increments from any process.</summary>
internal sealed class PostgresRateCounterStore(Database database) : IRateCounterStore
{
    private long _nextSweepMs = long.MinValue;

    public async Task<long> IncrementAsync(string key, DateTimeOffset windowStart, TimeSpan window, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        var startMs = windowStart.ToUnixTimeMilliseconds();
        var lengthMs = (long)window.TotalMilliseconds;
        await EvictEndedWindowsAsync(startMs, startMs + lengthMs, ct);
        return await database.ScalarAsync<long>("""
            INSERT INTO rate_counters (key, window_start, evict_after, count) VALUES (@key, @start, @evict_after, 1)
            ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1
            RETURNING count
            """, p => p.Text("key", key).Int64("start", startMs).Int64("evict_after", startMs + 2 * lengthMs), ct);
    }

    /// <summary>Deletes windows that ended a whole window length ago (the previous one may still be counted into by
    /// a request that began before the boundary). Each process sweeps at most once per window length it sees;
    /// sweeps by several processes at once only delete the same rows.</summary>
    private Task EvictEndedWindowsAsync(long startMs, long endMs, CancellationToken ct)
    {
        var due = Interlocked.Read(ref _nextSweepMs);
        if (startMs < due || Interlocked.CompareExchange(ref _nextSweepMs, endMs, due) != due)
            return Task.CompletedTask;
        return database.ExecuteAsync("DELETE FROM rate_counters WHERE evict_after <= @now", p => p.Int64("now", startMs), ct);
    }
}
