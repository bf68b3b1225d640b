using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Inkport.Conversion.Formats.Xlsx;

/// <summary>Inflates a part on a worker thread while the caller parses it, so a big worksheet
/// costs about max(inflate, parse) rather than their sum. Memory is bounded: at most
/// <see cref="Chunks"/> chunks of <see cref="ChunkBytes"/> exist. The inner stream is only
/// touched by the worker until disposal, which stops and awaits it first.</summary>
internal sealed class ReadAheadStream : Stream
{
    private const int ChunkBytes = 1 << 18;
    private const int Chunks = 4;

    private readonly Stream _inner;
    private readonly Channel<(byte[] Buffer, int Length)> _filled = Channel.CreateBounded<(byte[], int)>(Chunks - 2);
    private readonly Channel<byte[]> _free = Channel.CreateUnbounded<byte[]>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;
    private Exception? _failure;
    private byte[]? _current;
    private int _offset, _length;

    public ReadAheadStream(Stream inner)
    {
        _inner = inner;
        for (var i = 0; i < Chunks; i++) _free.Writer.TryWrite(new byte[ChunkBytes]);
        _worker = Task.Run(Produce);
    }

    private async Task Produce()
    {
        try
        {
            while (true)
            {
                var buffer = await _free.Reader.ReadAsync(_stop.Token);
                var read = _inner.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
                await _filled.Writer.WriteAsync((buffer, read), _stop.Token);
                if (read < buffer.Length) break;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _failure = e;
        }
        _filled.Writer.TryComplete();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        while (_offset == _length)
        {
            if (_current is not null) _free.Writer.TryWrite(_current);
            _current = null;
            if (!TryTake(out var chunk))
            {
                if (_failure is not null) ExceptionDispatchInfo.Throw(_failure);
                return 0;
            }
            (_current, _length) = chunk;
            _offset = 0;
        }
        var n = Math.Min(destination.Length, _length - _offset);
        _current.AsSpan(_offset, n).CopyTo(destination);
        _offset += n;
        return n;
    }

    /// <summary>The next filled chunk, waiting for the worker; false once it has finished.</summary>
    private bool TryTake(out (byte[] Buffer, int Length) chunk)
    {
        var reader = _filled.Reader;
        while (!reader.TryRead(out chunk))
            if (!reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult()) return false;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stop.Cancel();
            _worker.GetAwaiter().GetResult();
            _stop.Dispose();
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
