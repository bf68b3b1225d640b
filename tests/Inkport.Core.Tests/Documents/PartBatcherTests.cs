using Inkport.Core.Documents;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

namespace Inkport.Core.Tests.Documents;

/// <summary>Batches are written one behind the filling of the next; nothing may still be landing once the batcher is disposed.</summary>
public sealed class PartBatcherTests : IAsyncLifetime
{
    private readonly IInkportStorage _storage = SqliteStorage.OpenTemporary();

    [Fact]
    public async Task Every_part_lands_in_order_of_batches_and_at_most_one_batch_is_in_flight()
    {
        var store = new SlowStore(_storage.Documents, TimeSpan.FromMilliseconds(20));
        await using (var batcher = new PartBatcher(store, "doc", 3, CancellationToken.None))
        {
            for (var i = 0; i < 10; i++) batcher.Add(Part(i));
            await batcher.CompleteAsync();
        }
        Assert.Equal(1, store.MostInFlight);
        Assert.Equal(Enumerable.Range(0, 10), (await _storage.Documents.GetPartsAsync("doc", "k", 0, 100, CancellationToken.None)).Select(p => (int)p.Seq));
    }

    [Fact]
    public async Task Disposing_after_a_failure_waits_for_the_batch_being_written()
    {
        var store = new SlowStore(_storage.Documents, TimeSpan.FromMilliseconds(300));
        var batcher = new PartBatcher(store, "doc", 2, CancellationToken.None);
        batcher.Add(Part(0));
        batcher.Add(Part(1)); // a full batch: its write starts and is still running
        Assert.Equal(1, store.InFlight);
        await batcher.DisposeAsync();
        Assert.Equal(0, store.InFlight);
        Assert.Equal(2, (await _storage.Documents.GetPartsAsync("doc", "k", 0, 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_failed_write_is_thrown_by_completion_and_not_again_by_dispose()
    {
        var store = new SlowStore(_storage.Documents, TimeSpan.Zero, fail: true);
        var batcher = new PartBatcher(store, "doc", 1, CancellationToken.None);
        batcher.Add(Part(0));
        await Assert.ThrowsAsync<IOException>(batcher.CompleteAsync);
        await batcher.DisposeAsync();
    }

    private static DocumentPart Part(int seq) => new("k", seq, null, [(byte)seq]);

    private sealed class SlowStore(IDocumentStore inner, TimeSpan delay, bool fail = false) : IDocumentStore
    {
        private int _inFlight;
        public int InFlight => Volatile.Read(ref _inFlight);
        public int MostInFlight { get; private set; }

        public async Task PutPartsAsync(string documentToken, IReadOnlyList<DocumentPart> parts, CancellationToken ct)
        {
            MostInFlight = Math.Max(MostInFlight, Interlocked.Increment(ref _inFlight));
            try
            {
                await Task.Delay(delay, ct);
                if (fail) throw new IOException("the disk is full");
                await inner.PutPartsAsync(documentToken, parts, ct);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public Task<IReadOnlyList<DocumentPart>> GetPartsAsync(string documentToken, string kind, long fromSeq, int limit, CancellationToken ct) =>
            inner.GetPartsAsync(documentToken, kind, fromSeq, limit, ct);

        public Task<DocumentPart?> GetPartByKeyAsync(string documentToken, string kind, string key, CancellationToken ct) =>
            inner.GetPartByKeyAsync(documentToken, kind, key, ct);

        public Task<long> CountPartsAsync(string documentToken, string kind, CancellationToken ct) => inner.CountPartsAsync(documentToken, kind, ct);

        public Task DeleteDocumentAsync(string documentToken, CancellationToken ct) => inner.DeleteDocumentAsync(documentToken, ct);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();
}
