using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

/// <summary>Orphans across the two halves of the embedded store: blob files that no row names, and documents whose
/// node and import are gone.</summary>
internal sealed class SqliteOrphanFinder(SqliteDatabase database, FileBlobStore blobs) : IOrphanFinder
{
    private const int LookupBatch = 500;

    public async Task<IReadOnlyList<string>> ListOrphanBlobsAsync(TimeSpan minimumAge, int limit, CancellationToken ct)
    {
        var writtenBy = DateTime.UtcNow - minimumAge;
        var orphans = new List<string>();
        foreach (var batch in blobs.ListWrittenBy(writtenBy).Chunk(LookupBatch))
        {
            var named = await database.ReadAsync(connection => Named(connection, batch), ct);
            orphans.AddRange(batch.Where(id => !named.Contains(id)).Take(limit - orphans.Count));
            if (orphans.Count >= limit) break;
        }
        return orphans;
    }

    private static HashSet<string> Named(SqliteConnection connection, string[] ids)
    {
        var names = string.Join(", ", ids.Select((_, i) => $"$b{i}"));
        using var statement = connection.Prepare($"""
            SELECT blob_id FROM media_files WHERE blob_id IN ({names})
            UNION SELECT blob_id FROM drive_nodes WHERE blob_id IN ({names})
            UNION SELECT blob_id FROM upload_parts WHERE blob_id IN ({names})
            """);
        for (var i = 0; i < ids.Length; i++) statement.BindText($"$b{i}", ids[i]);
        var named = new HashSet<string>(StringComparer.Ordinal);
        while (statement.Step()) named.Add(statement.GetText(0));
        return named;
    }

    public Task<IReadOnlyList<string>> ListOrphanDocumentsAsync(int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<string>>(connection =>
        {
            using var statement = connection.Prepare("""
                SELECT DISTINCT p.document_token FROM document_parts p
                WHERE NOT EXISTS (SELECT 1 FROM drive_nodes n WHERE n.token = p.document_token)
                  AND NOT EXISTS (SELECT 1 FROM import_tasks t WHERE t.document_token = p.document_token AND t.state IN ($initializing, $processing))
                LIMIT $limit
                """);
            statement.BindText("$initializing", Columns.Name(ImportState.Initializing))
                .BindText("$processing", Columns.Name(ImportState.Processing))
                .BindInt64("$limit", limit);
            var documents = new List<string>();
            while (statement.Step()) documents.Add(statement.GetText(0));
            return documents;
        }, ct);

    public Task<IReadOnlyList<MediaFile>> ListUnusedMediaAsync(string parentType, DateTimeOffset createdBefore, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<MediaFile>>(connection =>
        {
            using var statement = connection.Prepare($"""
                {SqliteMediaStore.SelectColumns}
                WHERE parent_type = $parent_type AND created_at < $created_before
                  AND NOT EXISTS (SELECT 1 FROM import_tasks t WHERE t.file_token = media_files.file_token AND t.state IN ($initializing, $processing))
                ORDER BY created_at
                LIMIT $limit
                """);
            statement.BindText("$parent_type", parentType)
                .BindInt64("$created_before", Columns.Time(createdBefore))
                .BindText("$initializing", Columns.Name(ImportState.Initializing))
                .BindText("$processing", Columns.Name(ImportState.Processing))
                .BindInt64("$limit", limit);
            var media = new List<MediaFile>();
            while (statement.Step()) media.Add(SqliteMediaStore.Read(statement));
            return media;
        }, ct);
}
