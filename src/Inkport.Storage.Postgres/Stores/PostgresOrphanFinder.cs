using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresOrphanFinder(Database database) : IOrphanFinder
{
    private static readonly string Unfinished = $"'{Columns.Name(ImportState.Initializing)}', '{Columns.Name(ImportState.Processing)}'";

    public async Task<IReadOnlyList<string>> ListOrphanBlobsAsync(TimeSpan minimumAge, int limit, CancellationToken ct) =>
        await database.QueryAsync("""
            SELECT b.blob_id FROM blobs b
            WHERE b.written_at <= clock_timestamp() - make_interval(secs => @age_seconds)
              AND NOT EXISTS (SELECT 1 FROM media_files m WHERE m.blob_id = b.blob_id)
              AND NOT EXISTS (SELECT 1 FROM drive_nodes n WHERE n.blob_id = b.blob_id)
              AND NOT EXISTS (SELECT 1 FROM upload_parts u WHERE u.blob_id = b.blob_id)
            ORDER BY b.written_at
            LIMIT @limit
            """, p =>
        {
            p.AddWithValue("age_seconds", minimumAge.TotalSeconds);
            p.Int64("limit", limit);
        }, r => r.GetString(0), ct);

    public async Task<IReadOnlyList<string>> ListOrphanDocumentsAsync(int limit, CancellationToken ct) =>
        // The distinct documents come from a skip scan of the primary key (one index probe per document, not a
        // pass over every part).
        await database.QueryAsync($"""
            WITH RECURSIVE documents(token) AS (
                (SELECT document_token FROM document_parts ORDER BY document_token LIMIT 1)
                UNION ALL
                SELECT (SELECT p.document_token FROM document_parts p WHERE p.document_token > d.token ORDER BY p.document_token LIMIT 1)
                FROM documents d WHERE d.token IS NOT NULL)
            SELECT d.token FROM documents d
            WHERE d.token IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM drive_nodes n WHERE n.token = d.token)
              AND NOT EXISTS (SELECT 1 FROM import_tasks t WHERE t.document_token = d.token AND t.state IN ({Unfinished}))
            LIMIT @limit
            """, p => p.Int64("limit", limit), r => r.GetString(0), ct);

    public async Task<IReadOnlyList<MediaFile>> ListUnusedMediaAsync(string parentType, DateTimeOffset createdBefore, int limit, CancellationToken ct) =>
        await database.QueryAsync($"""
            {PostgresMediaStore.SelectColumns} m
            WHERE m.parent_type = @parent_type AND m.created_at < @created_before
              AND NOT EXISTS (SELECT 1 FROM import_tasks t WHERE t.file_token = m.file_token AND t.state IN ({Unfinished}))
            ORDER BY m.created_at
            LIMIT @limit
            """, p => p.Text("parent_type", parentType).Int64("created_before", Columns.Time(createdBefore)).Int64("limit", limit),
            PostgresMediaStore.Read, ct);
}
