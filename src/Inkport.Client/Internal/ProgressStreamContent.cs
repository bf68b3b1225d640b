using System.Net;

namespace Inkport.Client.Internal;

/// <summary>Streams <c>length</c> bytes of a source into the request, reporting the running total.</summary>
internal sealed class ProgressStreamContent(Stream source, long length, Action<long> sent) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        while (total < length)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length - total)), cancellationToken).ConfigureAwait(false);
            if (read == 0) throw new IOException($"the upload stream ended after {total} of {length} bytes");
            await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            total += read;
            sent(total);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long computed)
    {
        computed = length;
        return true;
    }
}

/// <summary>Reports only growth, so a resent request does not move the caller's progress backwards.</summary>
internal sealed class MonotonicProgress(IProgress<long>? target)
{
    private long _reported = -1;

    public void Report(long value)
    {
        if (target is null) return;
        var previous = Interlocked.Read(ref _reported);
        while (value > previous)
        {
            var seen = Interlocked.CompareExchange(ref _reported, value, previous);
            if (seen == previous)
            {
                target.Report(value);
                return;
            }
            previous = seen;
        }
    }
}
