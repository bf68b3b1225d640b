namespace Inkport.Client.Internal;

/// <summary>At most <c>limit</c> passes in any sliding <c>window</c>; callers wait their turn in order.
/// Stricter than the server's fixed windows, so paced calls are never throttled.</summary>
internal sealed class RateGate(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _passes = new();
    private readonly SemaphoreSlim _turn = new(1, 1);

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (limit <= 0) return;
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var now = time.GetUtcNow();
                while (_passes.Count > 0 && now - _passes.Peek() >= window) _passes.Dequeue();
                if (_passes.Count < limit)
                {
                    _passes.Enqueue(now);
                    return;
                }
                await Task.Delay(_passes.Peek() + window - now, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _turn.Release();
        }
    }
}
