using Inkport.Core.Storage;

namespace Inkport.Storage.Sqlite.Stores;

/// <summary>Chore locks within this process, which is the only one on the data folder (see <see cref="SqliteStorage"/>).</summary>
internal sealed class InProcessChoreLocks : IChoreLocks
{
    private readonly HashSet<string> _held = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable?> TryAcquireAsync(string chore, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        lock (_held)
            return Task.FromResult<IAsyncDisposable?>(_held.Add(chore) ? new Held(this, chore) : null);
    }

    private sealed class Held(InProcessChoreLocks owner, string chore) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                lock (owner._held) owner._held.Remove(chore);
            return ValueTask.CompletedTask;
        }
    }
}
