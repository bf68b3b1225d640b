using Inkport.Core.Storage;

namespace Inkport.Core.Media;

/// <summary>Reads blobs one after another as one stream, opening each only when the previous one is used up,
/// so assembling a multipart upload holds one part open and one buffer in memory, whatever the file's size.</summary>
public sealed class ConcatenatedBlobStream(IBlobStore blobs, IReadOnlyList<string> blobIds) : Stream
{
    private int _next;
    private Stream? _current;
    private long _position;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        while (true)
        {
            if (_current is null)
            {
                if (_next == blobIds.Count) return 0;
                var blobId = blobIds[_next++];
                _current = await blobs.OpenReadAsync(blobId, ct).ConfigureAwait(false)
                    ?? throw new InvalidDataException($"blob {blobId} of a multipart upload is missing");
            }
            var n = await _current.ReadAsync(buffer, ct).ConfigureAwait(false);
            if (n > 0)
            {
                _position += n;
                return n;
            }
            await _current.DisposeAsync().ConfigureAwait(false);
            _current = null;
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _current?.Dispose();
        _current = null;
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_current is not null) await _current.DisposeAsync().ConfigureAwait(false);
        _current = null;
        await base.DisposeAsync().ConfigureAwait(false);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
