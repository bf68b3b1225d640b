namespace Inkport.Client.Internal;

/// <summary>The tenant access token, fetched once and reused until 3 minutes before it expires
/// (the official SDKs' margin, spec/01 §2); dropped when the server says it is no longer valid.</summary>
internal sealed class TenantTokenCache(Func<CancellationToken, Task<(string Token, int ExpireSeconds)>> fetch, TimeProvider time)
{
    public static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(3);

    private sealed record Cached(string Token, DateTimeOffset RefreshAt);

    private readonly SemaphoreSlim _fetching = new(1, 1);
    private Cached? _cached;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _cached) is { } fresh && time.GetUtcNow() < fresh.RefreshAt) return fresh.Token;
        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_cached is { } current && time.GetUtcNow() < current.RefreshAt) return current.Token;
            var (token, expire) = await fetch(cancellationToken).ConfigureAwait(false);
            var lifetime = TimeSpan.FromSeconds(Math.Max(expire, 0));
            // A token with less than the margin left is still used, for half of what remains.
            var usable = lifetime > RefreshMargin * 2 ? lifetime - RefreshMargin : lifetime / 2;
            Volatile.Write(ref _cached, new Cached(token, time.GetUtcNow() + usable));
            return token;
        }
        finally
        {
            _fetching.Release();
        }
    }

    /// <summary>Forgets <paramref name="token"/> if it is still the cached one (another caller may have replaced it already).</summary>
    public void Invalidate(string token)
    {
        var current = Volatile.Read(ref _cached);
        if (current?.Token == token) Interlocked.CompareExchange(ref _cached, null, current);
    }
}
