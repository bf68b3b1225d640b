using Inkport.Core.Media;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresMediaStore(Database database) : IMediaStore
{
    public const string SelectColumns = """
        SELECT file_token, app_id, tenant_key, owner_id, file_name, parent_type, parent_node,
               size, import_obj_type, import_file_extension, blob_id, created_at
        FROM media_files
        """;

    public Task InsertAsync(MediaFile media, CancellationToken ct) =>
        database.ExecuteAsync("""
            INSERT INTO media_files (file_token, app_id, tenant_key, owner_id, file_name, parent_type, parent_node,
                                     size, import_obj_type, import_file_extension, blob_id, created_at)
            VALUES (@file_token, @app_id, @tenant_key, @owner_id, @file_name, @parent_type, @parent_node,
                    @size, @import_obj_type, @import_file_extension, @blob_id, @created_at)
            """, p => p
            .Text("file_token", media.FileToken)
            .Text("app_id", media.AppId)
            .Text("tenant_key", media.TenantKey)
            .Text("owner_id", media.OwnerId)
            .Text("file_name", media.FileName)
            .Text("parent_type", media.ParentType)
            .Text("parent_node", media.ParentNode)
            .Int64("size", media.Size)
            .Text("import_obj_type", media.ImportObjType)
            .Text("import_file_extension", media.ImportFileExtension)
            .Text("blob_id", media.BlobId)
            .Int64("created_at", Columns.Time(media.CreatedAt)), ct);

    public Task<MediaFile?> GetAsync(string fileToken, CancellationToken ct) =>
        database.QuerySingleAsync($"{SelectColumns} WHERE file_token = @file_token", p => p.Text("file_token", fileToken), Read, ct);

    public async Task<IReadOnlyList<MediaFile>> ListByParentAsync(string parentNode, CancellationToken ct) =>
        await database.QueryAsync($"{SelectColumns} WHERE parent_node = @parent_node ORDER BY created_at, file_token",
            p => p.Text("parent_node", parentNode), Read, ct);

    public Task DeleteAsync(string fileToken, CancellationToken ct) =>
        database.ExecuteAsync("DELETE FROM media_files WHERE file_token = @file_token", p => p.Text("file_token", fileToken), ct);

    public static MediaFile Read(NpgsqlDataReader row) => new()
    {
        FileToken = row.GetString(0),
        AppId = row.GetString(1),
        TenantKey = row.GetString(2),
        OwnerId = row.GetString(3),
        FileName = row.GetString(4),
        ParentType = row.GetString(5),
        ParentNode = row.GetString(6),
        Size = row.GetInt64(7),
        ImportObjType = row.NullableText(8),
        ImportFileExtension = row.NullableText(9),
        BlobId = row.GetString(10),
        CreatedAt = Columns.Time(row.GetInt64(11)),
    };
}
