namespace Inkport.Core.Media;

/// <summary>Reads through to an inner stream while counting bytes and computing Adler-32, and stops
/// with <see cref="SizeLimitExceededException"/> the moment more than <see cref="MaxBytes"/> arrive:
/// a limit enforced while streaming, never after buffering.</summary>
public sealed class MeteredStream(Stream inner, long maxBytes) : Stream
{
    private Adler32 _adler = new();

    public long MaxBytes { get; } = maxBytes;
    public long BytesRead { get; private set; }
    public uint Checksum => _adler.Value;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Account(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        var n = await inner.ReadAsync(buffer, ct).ConfigureAwait(false);
        Account(buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    private void Account(ReadOnlySpan<byte> data)
    {
        BytesRead += data.Length;
        if (BytesRead > MaxBytes) throw new SizeLimitExceededException(MaxBytes);
        _adler.Update(data);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

public sealed class SizeLimitExceededException(long maxBytes) : IOException($"more than {maxBytes} bytes")
{
    public long MaxBytes { get; } = maxBytes;
}
