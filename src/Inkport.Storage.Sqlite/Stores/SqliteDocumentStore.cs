using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteDocumentStore(SqliteDatabase database) : IDocumentStore
{
    public Task PutPartsAsync(string documentToken, IReadOnlyList<DocumentPart> parts, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginImmediate();
            using var insert = connection.Prepare("""
                INSERT INTO document_parts (document_token, kind, seq, key, data)
                VALUES ($document_token, $kind, $seq, $key, $data)
                ON CONFLICT (document_token, kind, seq) DO UPDATE SET key = excluded.key, data = excluded.data
                """);
            insert.BindText("$document_token", documentToken);
            string? boundKind = null;
            foreach (var part in parts)
            {
                if (part.Kind != boundKind) insert.BindText("$kind", boundKind = part.Kind);
                insert.BindInt64("$seq", part.Seq).BindText("$key", part.Key).BindBlob("$data", part.Data);
                while (insert.Step()) { }
                insert.Reset();
            }
            transaction.Commit();
        }, ct);

    public Task<IReadOnlyList<DocumentPart>> GetPartsAsync(string documentToken, string kind, long fromSeq, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return database.ReadAsync<IReadOnlyList<DocumentPart>>(connection =>
        {
            using var statement = connection.Prepare("""
                SELECT kind, seq, key, data FROM document_parts
                WHERE document_token = $document_token AND kind = $kind AND seq >= $from_seq
                ORDER BY seq
                LIMIT $limit
                """);
            statement.BindText("$document_token", documentToken)
                .BindText("$kind", kind)
                .BindInt64("$from_seq", fromSeq)
                .BindInt64("$limit", limit);
            var parts = new List<DocumentPart>();
            while (statement.Step())
                parts.Add(Read(statement));
            return parts;
        }, ct);
    }

    public Task<DocumentPart?> GetPartByKeyAsync(string documentToken, string kind, string key, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            // Keys are meant to be unique within a kind; if not, the first in Seq order answers.
            using var statement = connection.Prepare("""
                SELECT kind, seq, key, data FROM document_parts
                WHERE document_token = $document_token AND kind = $kind AND key = $key
                ORDER BY seq
                LIMIT 1
                """);
            statement.BindText("$document_token", documentToken).BindText("$kind", kind).BindText("$key", key);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    public Task<long> CountPartsAsync(string documentToken, string kind, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare(
                "SELECT COUNT(*) FROM document_parts WHERE document_token = $document_token AND kind = $kind");
            statement.BindText("$document_token", documentToken).BindText("$kind", kind);
            statement.Step();
            return statement.GetInt64(0);
        }, ct);

    public Task DeleteDocumentAsync(string documentToken, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery(
            "DELETE FROM document_parts WHERE document_token = $document_token",
            s => s.BindText("$document_token", documentToken)), ct);

    private static DocumentPart Read(SqliteStatement row) =>
        new(row.GetText(0), row.GetInt64(1), row.GetNullableText(2), row.GetBlob(3));
}
