using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteUploadSessionStore(SqliteDatabase database) : IUploadSessionStore
{
    private const string SelectColumns = """
        SELECT upload_id, kind, app_id, tenant_key, owner_id, file_name, parent_type, parent_node, size, block_size,
               block_num, import_obj_type, import_file_extension, created_at, expires_at
        FROM upload_sessions
        """;

    public Task InsertAsync(UploadSession session, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO upload_sessions (upload_id, kind, app_id, tenant_key, owner_id, file_name, parent_type, parent_node, size,
                                         block_size, block_num, import_obj_type, import_file_extension, created_at, expires_at)
            VALUES ($upload_id, $kind, $app_id, $tenant_key, $owner_id, $file_name, $parent_type, $parent_node, $size,
                    $block_size, $block_num, $import_obj_type, $import_file_extension, $created_at, $expires_at)
            """, s => s
            .BindText("$upload_id", session.UploadId)
            .BindText("$kind", Columns.Name(session.Kind))
            .BindText("$app_id", session.AppId)
            .BindText("$tenant_key", session.TenantKey)
            .BindText("$owner_id", session.OwnerId)
            .BindText("$file_name", session.FileName)
            .BindText("$parent_type", session.ParentType)
            .BindText("$parent_node", session.ParentNode)
            .BindInt64("$size", session.Size)
            .BindInt64("$block_size", session.BlockSize)
            .BindInt64("$block_num", session.BlockNum)
            .BindText("$import_obj_type", session.ImportObjType)
            .BindText("$import_file_extension", session.ImportFileExtension)
            .BindInt64("$created_at", Columns.Time(session.CreatedAt))
            .BindInt64("$expires_at", Columns.Time(session.ExpiresAt))), ct);

    public Task<UploadSession?> GetAsync(string uploadId, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE upload_id = $upload_id");
            statement.BindText("$upload_id", uploadId);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    public Task<PartRecorded> PutPartAsync(UploadPart part, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginImmediate();
            if (!Exists(connection, part.UploadId)) return new PartRecorded(false, null);
            string? replaced = null;
            using (var statement = connection.Prepare("SELECT blob_id FROM upload_parts WHERE upload_id = $upload_id AND seq = $seq"))
            {
                statement.BindText("$upload_id", part.UploadId).BindInt64("$seq", part.Seq);
                if (statement.Step()) replaced = statement.GetText(0);
            }
            connection.ExecuteNonQuery("""
                INSERT INTO upload_parts (upload_id, seq, size, blob_id) VALUES ($upload_id, $seq, $size, $blob_id)
                ON CONFLICT (upload_id, seq) DO UPDATE SET size = excluded.size, blob_id = excluded.blob_id
                """, s => s.BindText("$upload_id", part.UploadId).BindInt64("$seq", part.Seq)
                .BindInt64("$size", part.Size).BindText("$blob_id", part.BlobId));
            transaction.Commit();
            return new PartRecorded(true, replaced);
        }, ct);

    public Task<IReadOnlyList<UploadPart>> ListPartsAsync(string uploadId, CancellationToken ct) =>
        database.ReadAsync(connection => Parts(connection, uploadId), ct);

    public Task<IReadOnlyList<UploadPart>?> DeleteAsync(string uploadId, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<UploadPart>?>(connection =>
        {
            using var transaction = connection.BeginImmediate();
            if (!Exists(connection, uploadId)) return null;
            var parts = Parts(connection, uploadId);
            connection.ExecuteNonQuery("DELETE FROM upload_parts WHERE upload_id = $upload_id", s => s.BindText("$upload_id", uploadId));
            connection.ExecuteNonQuery("DELETE FROM upload_sessions WHERE upload_id = $upload_id", s => s.BindText("$upload_id", uploadId));
            transaction.Commit();
            return parts;
        }, ct);

    public Task<IReadOnlyList<UploadSession>> ListExpiredAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<UploadSession>>(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE expires_at < $now ORDER BY expires_at, upload_id LIMIT $limit");
            statement.BindInt64("$now", Columns.Time(now)).BindInt64("$limit", limit);
            var sessions = new List<UploadSession>();
            while (statement.Step()) sessions.Add(Read(statement));
            return sessions;
        }, ct);

    public Task<long> TenantReservedAsync(string tenantKey, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare("SELECT COALESCE(SUM(size), 0) FROM upload_sessions WHERE tenant_key = $tenant");
            statement.BindText("$tenant", tenantKey);
            statement.Step();
            return statement.GetInt64(0);
        }, ct);

    private static bool Exists(SqliteConnection connection, string uploadId)
    {
        using var statement = connection.Prepare("SELECT 1 FROM upload_sessions WHERE upload_id = $upload_id");
        statement.BindText("$upload_id", uploadId);
        return statement.Step();
    }

    private static IReadOnlyList<UploadPart> Parts(SqliteConnection connection, string uploadId)
    {
        using var statement = connection.Prepare("SELECT seq, size, blob_id FROM upload_parts WHERE upload_id = $upload_id ORDER BY seq");
        statement.BindText("$upload_id", uploadId);
        var parts = new List<UploadPart>();
        while (statement.Step()) parts.Add(new UploadPart(uploadId, (int)statement.GetInt64(0), statement.GetInt64(1), statement.GetText(2)));
        return parts;
    }

    private static UploadSession Read(SqliteStatement row) => new()
    {
        UploadId = row.GetText(0),
        Kind = Columns.Parse<UploadKind>(row.GetText(1)),
        AppId = row.GetText(2),
        TenantKey = row.GetText(3),
        OwnerId = row.GetText(4),
        FileName = row.GetText(5),
        ParentType = row.GetText(6),
        ParentNode = row.GetText(7),
        Size = row.GetInt64(8),
        BlockSize = (int)row.GetInt64(9),
        BlockNum = (int)row.GetInt64(10),
        ImportObjType = row.GetNullableText(11),
        ImportFileExtension = row.GetNullableText(12),
        CreatedAt = Columns.Time(row.GetInt64(13)),
        ExpiresAt = Columns.Time(row.GetInt64(14)),
    };
}
