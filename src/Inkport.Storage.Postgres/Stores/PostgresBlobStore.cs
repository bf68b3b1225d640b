using System.Buffers;
using Inkport.Core.Storage;
using NpgsqlTypes;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>Blobs as rows of fixed-size chunks (<c>blob_chunks</c>) under a row naming the length (<c>blobs</c>).
/// A write streams the content through COPY one chunk at a time and inserts the <c>blobs</c> row last, all in one
/// transaction: a reader sees the whole blob or none, and a failed write leaves nothing.</summary>
internal sealed class PostgresBlobStore(Database database) : IBlobStore
{
    /// <summary>1 MiB: big enough that a 20 MB upload is 20 rows, small enough to hold one in memory per reader.</summary>
    internal const int ChunkSize = 1 << 20;

    public async Task<long> WriteAsync(string blobId, Stream content, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobId);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            await using var connection = await database.DataSource.OpenConnectionAsync(ct);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            long length = 0;
            await using (var copy = await connection.BeginBinaryImportAsync("COPY blob_chunks (blob_id, chunk, data) FROM STDIN (FORMAT BINARY)", ct))
            {
                for (var chunk = 0; ; chunk++)
                {
                    var filled = await FillAsync(content, buffer, ct);
                    if (filled == 0) break;
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(blobId, NpgsqlDbType.Text, ct);
                    await copy.WriteAsync(chunk, NpgsqlDbType.Integer, ct);
                    await copy.WriteAsync(new ArraySegment<byte>(buffer, 0, filled), NpgsqlDbType.Bytea, ct);
                    length += filled;
                    if (filled < ChunkSize) break;
                }
                await copy.CompleteAsync(ct);
            }
            // clock_timestamp(), not now(): the age of a blob counts from when its write ended.
            await Database.ExecuteAsync(connection, "INSERT INTO blobs (blob_id, length, chunk_size, written_at) VALUES (@blob_id, @length, @chunk_size, clock_timestamp())",
                p => p.Text("blob_id", blobId).Int64("length", length).Int32("chunk_size", ChunkSize), ct);
            await transaction.CommitAsync(ct);
            return length;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<Stream?> OpenReadAsync(string blobId, CancellationToken ct)
    {
        var found = await database.QueryAsync("SELECT length, chunk_size FROM blobs WHERE blob_id = @blob_id",
            p => p.Text("blob_id", blobId), r => (Length: r.GetInt64(0), ChunkSize: r.GetInt32(1)), ct);
        return found.Count == 0 ? null : new ChunkedBlobStream(database.DataSource, blobId, found[0].Length, found[0].ChunkSize);
    }

    public Task DeleteAsync(string blobId, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, _) =>
        {
            await Database.ExecuteAsync(connection, "DELETE FROM blobs WHERE blob_id = @blob_id", p => p.Text("blob_id", blobId), ct);
            await Database.ExecuteAsync(connection, "DELETE FROM blob_chunks WHERE blob_id = @blob_id", p => p.Text("blob_id", blobId), ct);
            return (true, true);
        }, ct);

    /// <summary>Reads until <paramref name="buffer"/> is full or the content ends; the number of bytes read.</summary>
    private static async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken ct)
    {
        var filled = 0;
        while (filled < buffer.Length && filled < ChunkSize)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, ChunkSize - filled), ct);
            if (read == 0) break;
            filled += read;
        }
        return filled;
    }
}
