using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresDocumentStore(Database database) : IDocumentStore
{
    private const string SelectColumns = "SELECT kind, seq, key, data FROM document_parts";

    public async Task PutPartsAsync(string documentToken, IReadOnlyList<DocumentPart> parts, CancellationToken ct)
    {
        if (parts.Count == 0) return;
        // One round trip: a batch runs as one implicit transaction. Statement by statement (not one INSERT of
        // many rows) so that a later part with the same seq replaces an earlier one, as the contract says.
        await using var connection = await database.DataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var part in parts)
        {
            var command = new NpgsqlBatchCommand("""
                INSERT INTO document_parts (document_token, kind, seq, key, data)
                VALUES (@document_token, @kind, @seq, @key, @data)
                ON CONFLICT (document_token, kind, seq) DO UPDATE SET key = excluded.key, data = excluded.data
                """);
            command.Parameters.Text("document_token", documentToken).Text("kind", part.Kind).Int64("seq", part.Seq)
                .Text("key", part.Key).Bytes("data", part.Data);
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(ct);
    }

    public async Task<IReadOnlyList<DocumentPart>> GetPartsAsync(string documentToken, string kind, long fromSeq, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return await database.QueryAsync($"""
            {SelectColumns}
            WHERE document_token = @document_token AND kind = @kind AND seq >= @from_seq
            ORDER BY seq
            LIMIT @limit
            """, p => p.Text("document_token", documentToken).Text("kind", kind).Int64("from_seq", fromSeq).Int64("limit", limit), Read, ct);
    }

    public Task<DocumentPart?> GetPartByKeyAsync(string documentToken, string kind, string key, CancellationToken ct) =>
        // Keys are meant to be unique within a kind; if not, the first in Seq order answers.
        database.QuerySingleAsync($"""
            {SelectColumns}
            WHERE document_token = @document_token AND kind = @kind AND key = @key
            ORDER BY seq
            LIMIT 1
            """, p => p.Text("document_token", documentToken).Text("kind", kind).Text("key", key), Read, ct);

    public Task<long> CountPartsAsync(string documentToken, string kind, CancellationToken ct) =>
        database.ScalarAsync<long>("SELECT COUNT(*) FROM document_parts WHERE document_token = @document_token AND kind = @kind",
            p => p.Text("document_token", documentToken).Text("kind", kind), ct);

    public Task DeleteDocumentAsync(string documentToken, CancellationToken ct) =>
        database.ExecuteAsync("DELETE FROM document_parts WHERE document_token = @document_token", p => p.Text("document_token", documentToken), ct);

    private static DocumentPart Read(NpgsqlDataReader row) =>
        new(row.GetString(0), row.GetInt64(1), row.NullableText(2), row.GetFieldValue<byte[]>(3));
}
