using System.Buffers;
using System.Data;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>A read-only, seekable stream over a chunked blob. It holds one chunk in memory and fetches the chunk
/// a read needs on a pooled connection of its own (none is held between reads), so a Range request or a
/// converter that seeks touches only the chunks it reads.</summary>
internal sealed class ChunkedBlobStream(NpgsqlDataSource dataSource, string blobId, long length, int chunkSize) : Stream
{
    private const string ChunkSql = "SELECT data FROM blob_chunks WHERE blob_id = @blob_id AND chunk = @chunk";

    private byte[]? _buffer;
    private int _loadedChunk = -1;
    private int _loadedLength;
    private long _position;
    private bool _disposed;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };
        if (target < 0) throw new IOException("cannot seek before the start of the blob");
        _position = target;
        return _position;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> destination)
    {
        if (!TryLocate(out var chunk, out var offsetInChunk) || destination.IsEmpty) return 0;
        if (chunk != _loadedChunk) Load(chunk);
        return CopyOut(destination, offsetInChunk);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        if (!TryLocate(out var chunk, out var offsetInChunk) || destination.IsEmpty) return 0;
        if (chunk != _loadedChunk) await LoadAsync(chunk, cancellationToken);
        return CopyOut(destination.Span, offsetInChunk);
    }

    private bool TryLocate(out int chunk, out int offsetInChunk)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        chunk = (int)(_position / chunkSize);
        offsetInChunk = (int)(_position % chunkSize);
        return _position < length;
    }

    private int CopyOut(Span<byte> destination, int offsetInChunk)
    {
        var n = Math.Min(destination.Length, _loadedLength - offsetInChunk);
        _buffer.AsSpan(offsetInChunk, n).CopyTo(destination);
        _position += n;
        return n;
    }

    private int ExpectedLength(int chunk) => (int)Math.Min(chunkSize, length - (long)chunk * chunkSize);

    private byte[] PrepareBuffer()
    {
        _buffer ??= ArrayPool<byte>.Shared.Rent((int)Math.Min(chunkSize, length));
        _loadedChunk = -1;
        return _buffer;
    }

    private void Load(int chunk)
    {
        var buffer = PrepareBuffer();
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand(ChunkSql, connection);
        command.Parameters.Text("blob_id", blobId).Int32("chunk", chunk);
        using var reader = command.ExecuteReader(CommandBehavior.SequentialAccess);
        if (!reader.Read()) throw Missing(chunk);
        using var data = reader.GetStream(0);
        var total = 0;
        int read;
        while ((read = data.Read(buffer, total, Math.Min(buffer.Length, chunkSize) - total)) > 0) total += read;
        Loaded(chunk, total);
    }

    private async Task LoadAsync(int chunk, CancellationToken ct)
    {
        var buffer = PrepareBuffer();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(ChunkSql, connection);
        command.Parameters.Text("blob_id", blobId).Int32("chunk", chunk);
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct);
        if (!await reader.ReadAsync(ct)) throw Missing(chunk);
        await using var data = await reader.GetStreamAsync(0, ct);
        var total = 0;
        int read;
        while ((read = await data.ReadAsync(buffer.AsMemory(total, Math.Min(buffer.Length, chunkSize) - total), ct)) > 0) total += read;
        Loaded(chunk, total);
    }

    private void Loaded(int chunk, int bytes)
    {
        if (bytes != ExpectedLength(chunk))
            throw new IOException($"chunk {chunk} of blob {blobId} holds {bytes} bytes, not {ExpectedLength(chunk)}");
        _loadedChunk = chunk;
        _loadedLength = bytes;
    }

    private IOException Missing(int chunk) => new($"chunk {chunk} of blob {blobId} is missing: the blob was removed while being read");

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (_buffer is not null) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
        base.Dispose(disposing);
    }
}
