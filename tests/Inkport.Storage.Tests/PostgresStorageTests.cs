using System.Security.Cryptography;
using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Inkport.Storage.Postgres;
using Inkport.Tests.Shared;
using static Inkport.Storage.Tests.Samples;

namespace Inkport.Storage.Tests;

/// <summary>What PostgreSQL adds to the contract: several storages on one database — as several processes have —
/// still keep every promise, and the chunked blobs read like files.</summary>
public sealed class PostgresStorageTests : IAsyncLifetime
{
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly List<IInkportStorage> _opened = [];
    private TestSchema? _schema;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened) await storage.DisposeAsync();
        if (_schema is not null) await _schema.DisposeAsync();
    }

    private async Task<IInkportStorage[]> OpenAsync(int count)
    {
        _schema ??= await TestPostgres.CreateSchemaAsync();
        var storages = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => PostgresStorage.OpenAsync(_schema.ConnectionString))));
        _opened.AddRange(storages);
        return storages;
    }

    [PostgresFact]
    public async Task Storages_opened_together_apply_each_migration_once()
    {
        await OpenAsync(4);

        // Every shipped script has its one row (the version is the key: a second apply would have failed).
        var scripts = typeof(PostgresStorage).Assembly.GetManifestResourceNames().Count(n => n.StartsWith("Migrations/") && n.EndsWith(".sql"));
        Assert.True(scripts >= 2);
        Assert.Equal((long)scripts, await _schema!.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version"));
    }

    [PostgresFact]
    public async Task Two_storages_never_both_take_the_last_places_of_a_folder()
    {
        var (a, b) = await PairAsync();
        var root = Root("ou_owner");
        await a.Drive.InsertAsync(root, _ct);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Drive.InsertChildAsync(Child(root, NodeType.Folder), 7, 1000, _ct))));

        Assert.Equal(7, attempts.Count(r => r == PlacementResult.Inserted));
        Assert.Equal(7, await b.Drive.CountChildrenAsync(root.Token, _ct));
    }

    [PostgresFact]
    public async Task A_chore_lock_held_by_one_storage_is_refused_to_another_until_released()
    {
        var (a, b) = await PairAsync();

        var held = await a.ChoreLocks.TryAcquireAsync("orphans", _ct);
        Assert.NotNull(held);
        Assert.Null(await b.ChoreLocks.TryAcquireAsync("orphans", _ct));
        await held.DisposeAsync();
        var taken = await b.ChoreLocks.TryAcquireAsync("orphans", _ct);
        Assert.NotNull(taken);
        await taken.DisposeAsync();
    }

    [PostgresFact]
    public async Task A_lock_is_released_when_its_holder_goes_away()
    {
        var (a, b) = await PairAsync();
        var held = await a.ChoreLocks.TryAcquireAsync("orphans", _ct);
        Assert.NotNull(held);

        // The holder's session ends, as a killed process's does when the kernel closes its socket.
        Assert.Equal(1L, await _schema!.ScalarAsync<long>($"""
            SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND classid = {Inkport.Storage.Postgres.Stores.AdvisoryLocks.Chores} AND objsubid = 2
              AND objid::text::bigint = (hashtext('{_schema.Name}/orphans')::bigint & 4294967295)
            """));

        var taken = await WaitForLockAsync(b, "orphans");
        Assert.NotNull(taken);
        await held.DisposeAsync(); // releasing a lock whose session is gone is harmless
        await taken.DisposeAsync();
    }

    [PostgresFact]
    public async Task A_task_inserted_through_one_storage_wakes_the_watcher_of_another()
    {
        var (a, b) = await PairAsync();
        using var stop = new CancellationTokenSource();
        using var heard = new SemaphoreSlim(0);
        var watching = b.ImportTasks.WatchInsertsAsync(() => heard.Release(), stop.Token);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var wasHeard = false;
        while (!wasHeard && DateTime.UtcNow < deadline)
        {
            await a.ImportTasks.InsertAsync(QueuedTask(T0), _ct);
            wasHeard = await heard.WaitAsync(TimeSpan.FromMilliseconds(200));
        }

        Assert.True(wasHeard, "the other storage heard no insert within 10 s");
        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [PostgresFact]
    public async Task Claims_from_two_storages_never_take_the_same_task()
    {
        var (a, b) = await PairAsync();
        var tasks = Enumerable.Range(0, 30).Select(i => QueuedTask(T0 + TimeSpan.FromMilliseconds(i))).ToArray();
        foreach (var task in tasks) await a.ImportTasks.InsertAsync(task, _ct);
        var now = T0 + TimeSpan.FromSeconds(1);

        var claimed = await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var mine = new List<string>();
            var store = w % 2 == 0 ? a : b;
            while (await store.ImportTasks.ClaimNextAsync(now, ClaimBy($"w{w}", now), _ct) is { } task) mine.Add(task.Ticket);
            return mine;
        })));

        Assert.Equal(tasks.Select(t => t.Ticket).Order(), claimed.SelectMany(c => c).Order());
    }

    [PostgresFact]
    public async Task A_blob_reads_and_seeks_across_its_chunks()
    {
        var (a, b) = await PairAsync();
        const long length = 3L * (1 << 20) + 12_345; // three whole chunks and a short one
        using var source = new ContentStream(length);
        await a.Blobs.WriteAsync("multi", source, _ct);
        var whole = new byte[length];
        await using (var read = (await b.Blobs.OpenReadAsync("multi", _ct))!)
            await read.ReadExactlyAsync(whole, _ct);
        Assert.Equal(source.Hash(), SHA256.HashData(whole));

        await using var stream = (await b.Blobs.OpenReadAsync("multi", _ct))!;
        foreach (var (offset, count) in new[] { (length - 100, 100L), ((1L << 20) - 10, 20L), (5L, 3L), (2L * (1 << 20), 1L << 20) })
        {
            stream.Seek(offset, SeekOrigin.Begin);
            var range = new byte[count];
            stream.ReadExactly(range); // the synchronous path, as converters read
            Assert.Equal(whole.AsSpan((int)offset, (int)count).ToArray(), range);
        }
        stream.Seek(0, SeekOrigin.End);
        Assert.Equal(0, await stream.ReadAsync(new byte[10], _ct));
        Assert.Equal(4L, await _schema!.ScalarAsync<long>("SELECT COUNT(*) FROM blob_chunks WHERE blob_id = 'multi'"));
    }

    [PostgresFact]
    public async Task A_blob_removed_while_being_read_fails_the_read_rather_than_returning_wrong_bytes()
    {
        var (a, _) = await PairAsync();
        await a.Blobs.WriteAsync("gone", new ContentStream(2L << 20), _ct);
        await using var stream = (await a.Blobs.OpenReadAsync("gone", _ct))!;
        await stream.ReadExactlyAsync(new byte[10], _ct);

        await a.Blobs.DeleteAsync("gone", _ct);

        stream.Seek(1 << 20, SeekOrigin.Begin);
        await Assert.ThrowsAsync<IOException>(async () => await stream.ReadExactlyAsync(new byte[10], _ct));
    }

    [PostgresFact]
    public async Task Rate_windows_are_counted_across_storages_and_old_ones_are_evicted()
    {
        var (a, b) = await PairAsync();
        var window = TimeSpan.FromSeconds(1);
        Assert.Equal(1, await a.RateCounters.IncrementAsync("app:x", T0, window, _ct));
        Assert.Equal(2, await b.RateCounters.IncrementAsync("app:x", T0, window, _ct));

        // Two windows later the first one has ended a whole window ago, and goes.
        await a.RateCounters.IncrementAsync("app:x", T0 + 2 * window, window, _ct);
        await a.RateCounters.IncrementAsync("app:x", T0 + 3 * window, window, _ct);

        Assert.Equal(0L, await _schema!.ScalarAsync<long>($"SELECT COUNT(*) FROM rate_counters WHERE window_start = {T0.ToUnixTimeMilliseconds()}"));
    }

    private async Task<IAsyncDisposable?> WaitForLockAsync(IInkportStorage storage, string chore)
    {
        for (var i = 0; i < 50; i++)
        {
            if (await storage.ChoreLocks.TryAcquireAsync(chore, _ct) is { } taken) return taken;
            await Task.Delay(100);
        }
        return null;
    }

    private async Task<(IInkportStorage A, IInkportStorage B)> PairAsync()
    {
        var pair = await OpenAsync(2);
        return (pair[0], pair[1]);
    }
}
