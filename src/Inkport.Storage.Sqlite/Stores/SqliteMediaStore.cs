using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteMediaStore(SqliteDatabase database) : IMediaStore
{
    public const string SelectColumns = """
        SELECT file_token, app_id, tenant_key, owner_id, file_name, parent_type, parent_node,
               size, import_obj_type, import_file_extension, blob_id, created_at
        FROM media_files
        """;

    public Task InsertAsync(MediaFile media, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO media_files (file_token, app_id, tenant_key, owner_id, file_name, parent_type, parent_node,
                                     size, import_obj_type, import_file_extension, blob_id, created_at)
            VALUES ($file_token, $app_id, $tenant_key, $owner_id, $file_name, $parent_type, $parent_node,
                    $size, $import_obj_type, $import_file_extension, $blob_id, $created_at)
            """, s => s
            .BindText("$file_token", media.FileToken)
            .BindText("$app_id", media.AppId)
            .BindText("$tenant_key", media.TenantKey)
            .BindText("$owner_id", media.OwnerId)
            .BindText("$file_name", media.FileName)
            .BindText("$parent_type", media.ParentType)
            .BindText("$parent_node", media.ParentNode)
            .BindInt64("$size", media.Size)
            .BindText("$import_obj_type", media.ImportObjType)
            .BindText("$import_file_extension", media.ImportFileExtension)
            .BindText("$blob_id", media.BlobId)
            .BindInt64("$created_at", Columns.Time(media.CreatedAt))), ct);

    public Task<MediaFile?> GetAsync(string fileToken, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE file_token = $file_token");
            statement.BindText("$file_token", fileToken);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    public Task<IReadOnlyList<MediaFile>> ListByParentAsync(string parentNode, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<MediaFile>>(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE parent_node = $parent_node ORDER BY created_at, file_token");
            statement.BindText("$parent_node", parentNode);
            var media = new List<MediaFile>();
            while (statement.Step()) media.Add(Read(statement));
            return media;
        }, ct);

    public Task DeleteAsync(string fileToken, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery(
            "DELETE FROM media_files WHERE file_token = $file_token",
            s => s.BindText("$file_token", fileToken)), ct);

    internal static MediaFile Read(SqliteStatement row) => new()
    {
        FileToken = row.GetText(0),
        AppId = row.GetText(1),
        TenantKey = row.GetText(2),
        OwnerId = row.GetText(3),
        FileName = row.GetText(4),
        ParentType = row.GetText(5),
        ParentNode = row.GetText(6),
        Size = row.GetInt64(7),
        ImportObjType = row.GetNullableText(8),
        ImportFileExtension = row.GetNullableText(9),
        BlobId = row.GetText(10),
        CreatedAt = Columns.Time(row.GetInt64(11)),
    };
}
