using Inkport.Core.Media;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresUploadSessionStore(Database database) : IUploadSessionStore
{
    private const string SelectColumns = """
        SELECT upload_id, kind, app_id, tenant_key, owner_id, file_name, parent_type, parent_node, size, block_size,
               block_num, import_obj_type, import_file_extension, created_at, expires_at
        FROM upload_sessions
        """;

    public Task InsertAsync(UploadSession session, CancellationToken ct) =>
        database.ExecuteAsync("""
            INSERT INTO upload_sessions (upload_id, kind, app_id, tenant_key, owner_id, file_name, parent_type, parent_node, size,
                                         block_size, block_num, import_obj_type, import_file_extension, created_at, expires_at)
            VALUES (@upload_id, @kind, @app_id, @tenant_key, @owner_id, @file_name, @parent_type, @parent_node, @size,
                    @block_size, @block_num, @import_obj_type, @import_file_extension, @created_at, @expires_at)
            """, p => p
            .Text("upload_id", session.UploadId)
            .Text("kind", Columns.Name(session.Kind))
            .Text("app_id", session.AppId)
            .Text("tenant_key", session.TenantKey)
            .Text("owner_id", session.OwnerId)
            .Text("file_name", session.FileName)
            .Text("parent_type", session.ParentType)
            .Text("parent_node", session.ParentNode)
            .Int64("size", session.Size)
            .Int32("block_size", session.BlockSize)
            .Int32("block_num", session.BlockNum)
            .Text("import_obj_type", session.ImportObjType)
            .Text("import_file_extension", session.ImportFileExtension)
            .Int64("created_at", Columns.Time(session.CreatedAt))
            .Int64("expires_at", Columns.Time(session.ExpiresAt)), ct);

    public Task<UploadSession?> GetAsync(string uploadId, CancellationToken ct) =>
        database.QuerySingleAsync($"{SelectColumns} WHERE upload_id = @upload_id", p => p.Text("upload_id", uploadId), Read, ct);

    public Task<PartRecorded> PutPartAsync(UploadPart part, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, _) =>
        {
            // Locking the session row orders this against a concurrent removal and against another attempt at the same
            // block (which may come through another process), so the replaced blob is reported to exactly one caller.
            if (!await LockSessionAsync(connection, part.UploadId, ct)) return (new PartRecorded(false, null), false);
            var replaced = await Database.QueryAsync(connection, "SELECT blob_id FROM upload_parts WHERE upload_id = @upload_id AND seq = @seq",
                p => p.Text("upload_id", part.UploadId).Int32("seq", part.Seq), r => r.GetString(0), ct);
            await Database.ExecuteAsync(connection, """
                INSERT INTO upload_parts (upload_id, seq, size, blob_id) VALUES (@upload_id, @seq, @size, @blob_id)
                ON CONFLICT (upload_id, seq) DO UPDATE SET size = excluded.size, blob_id = excluded.blob_id
                """, p => p.Text("upload_id", part.UploadId).Int32("seq", part.Seq).Int64("size", part.Size).Text("blob_id", part.BlobId), ct);
            return (new PartRecorded(true, replaced.Count > 0 ? replaced[0] : null), true);
        }, ct);

    public async Task<IReadOnlyList<UploadPart>> ListPartsAsync(string uploadId, CancellationToken ct) =>
        await database.QueryAsync("SELECT upload_id, seq, size, blob_id FROM upload_parts WHERE upload_id = @upload_id ORDER BY seq",
            p => p.Text("upload_id", uploadId), ReadPart, ct);

    public Task<IReadOnlyList<UploadPart>?> DeleteAsync(string uploadId, CancellationToken ct) =>
        database.InTransactionAsync<IReadOnlyList<UploadPart>?>(async (connection, _) =>
        {
            // A concurrent remover waits on the row lock and then finds no row: the parts go to exactly one caller.
            if (!await LockSessionAsync(connection, uploadId, ct)) return (null, false);
            var parts = await Database.QueryAsync(connection, "DELETE FROM upload_parts WHERE upload_id = @upload_id RETURNING upload_id, seq, size, blob_id",
                p => p.Text("upload_id", uploadId), ReadPart, ct);
            await Database.ExecuteAsync(connection, "DELETE FROM upload_sessions WHERE upload_id = @upload_id", p => p.Text("upload_id", uploadId), ct);
            return (parts.OrderBy(p => p.Seq).ToList(), true);
        }, ct);

    public async Task<IReadOnlyList<UploadSession>> ListExpiredAsync(DateTimeOffset now, int limit, CancellationToken ct) =>
        await database.QueryAsync($"{SelectColumns} WHERE expires_at < @now ORDER BY expires_at, upload_id COLLATE \"C\" LIMIT @limit",
            p => p.Int64("now", Columns.Time(now)).Int64("limit", limit), Read, ct);

    public Task<long> TenantReservedAsync(string tenantKey, CancellationToken ct) =>
        database.ScalarAsync<long>("SELECT COALESCE(SUM(size), 0)::bigint FROM upload_sessions WHERE tenant_key = @tenant",
            p => p.Text("tenant", tenantKey), ct);

    private static async Task<bool> LockSessionAsync(NpgsqlConnection connection, string uploadId, CancellationToken ct) =>
        (await Database.QueryAsync(connection, "SELECT 1 FROM upload_sessions WHERE upload_id = @upload_id FOR UPDATE",
            p => p.Text("upload_id", uploadId), _ => true, ct)).Count > 0;

    private static UploadPart ReadPart(NpgsqlDataReader row) => new(row.GetString(0), row.GetInt32(1), row.GetInt64(2), row.GetString(3));

    private static UploadSession Read(NpgsqlDataReader row) => new()
    {
        UploadId = row.GetString(0),
        Kind = Columns.Parse<UploadKind>(row.GetString(1)),
        AppId = row.GetString(2),
        TenantKey = row.GetString(3),
        OwnerId = row.GetString(4),
        FileName = row.GetString(5),
        ParentType = row.GetString(6),
        ParentNode = row.GetString(7),
        Size = row.GetInt64(8),
        BlockSize = row.GetInt32(9),
        BlockNum = row.GetInt32(10),
        ImportObjType = row.NullableText(11),
        ImportFileExtension = row.NullableText(12),
        CreatedAt = Columns.Time(row.GetInt64(13)),
        ExpiresAt = Columns.Time(row.GetInt64(14)),
    };
}
