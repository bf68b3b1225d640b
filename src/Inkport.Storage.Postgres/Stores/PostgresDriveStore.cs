using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresDriveStore(Database database) : IDriveStore
{
    private const string ColumnList = "token, type, name, parent_token, owner_id, tenant_key, created_at, modified_at, root_token, depth, size, blob_id";
    private const string SelectColumns = $"SELECT {ColumnList} FROM drive_nodes";

    private const string InsertSql = $"""
        INSERT INTO drive_nodes ({ColumnList})
        VALUES (@token, @type, @name, @parent_token, @owner_id, @tenant_key, @created_at, @modified_at, @root_token, @depth, @size, @blob_id)
        """;

    public Task InsertAsync(DriveNode node, CancellationToken ct) =>
        database.ExecuteAsync(InsertSql, p => Bind(p, node), ct);

    public Task<DriveNode?> GetAsync(string token, CancellationToken ct) =>
        database.QuerySingleAsync($"{SelectColumns} WHERE token = @token", p => p.Text("token", token), Read, ct);

    public Task<DriveNode?> GetRootAsync(string ownerId, CancellationToken ct) =>
        database.QuerySingleAsync($"{SelectColumns} WHERE owner_id = @owner_id AND parent_token IS NULL", p => p.Text("owner_id", ownerId), Read, ct);

    public async Task<DriveNode> GetOrInsertRootAsync(DriveNode root, CancellationToken ct)
    {
        if (root.ParentToken is not null)
            throw new ArgumentException("a root folder has no parent", nameof(root));
        // The partial unique index on (owner_id) WHERE parent_token IS NULL makes this race-free: a loser of the
        // race waits for the winner's commit and then inserts nothing.
        await database.ExecuteAsync(InsertSql + " ON CONFLICT (owner_id) WHERE parent_token IS NULL DO NOTHING", p => Bind(p, root), ct);
        return await GetRootAsync(root.OwnerId, ct)
            ?? throw new InvalidOperationException($"root of {root.OwnerId} vanished right after insertion");
    }

    public async Task<int> CountChildrenAsync(string parentToken, CancellationToken ct) =>
        (int)await database.ScalarAsync<long>("SELECT COUNT(*) FROM drive_nodes WHERE parent_token = @parent", p => p.Text("parent", parentToken), ct);

    public Task<PlacementResult> InsertChildAsync(DriveNode node, int maxChildren, int maxNodes, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, _) =>
        {
            var result = await PlaceAsync(connection, node, maxChildren, maxNodes, ct);
            return (result, result == PlacementResult.Inserted);
        }, ct);

    /// <summary>The limit check and insertion of <see cref="InsertChildAsync"/>, inside the caller's transaction: the
    /// drive's lock makes the counts and the insert one step for every other process.</summary>
    internal static async Task<PlacementResult> PlaceAsync(NpgsqlConnection connection, DriveNode node, int maxChildren, int maxNodes, CancellationToken ct)
    {
        if (node.ParentToken is null) throw new ArgumentException("a child needs a parent", nameof(node));
        await Database.LockDriveAsync(connection, node.RootToken, ct);
        if (await CountAsync(connection, "parent_token", node.ParentToken, ct) >= maxChildren) return PlacementResult.TooManyChildren;
        if (await CountAsync(connection, "root_token", node.RootToken, ct) >= maxNodes) return PlacementResult.TooManyNodes;
        await Database.ExecuteAsync(connection, InsertSql, p => Bind(p, node), ct);
        return PlacementResult.Inserted;
    }

    private static Task<long> CountAsync(NpgsqlConnection connection, string column, string value, CancellationToken ct) =>
        Database.ScalarAsync<long>(connection, $"SELECT COUNT(*) FROM drive_nodes WHERE {column} = @value", p => p.Text("value", value), ct);

    public async Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string parentToken, NodeOrder order, bool descending, long offset, int limit, CancellationToken ct)
    {
        var column = order == NodeOrder.CreatedTime ? "created_at" : "modified_at";
        var direction = descending ? "DESC" : "ASC";
        // COLLATE "C": ties are broken by token in byte order, as SQLite does.
        return await database.QueryAsync(
            $"{SelectColumns} WHERE parent_token = @parent ORDER BY {column} {direction}, token COLLATE \"C\" {direction} LIMIT @limit OFFSET @offset",
            p => p.Text("parent", parentToken).Int64("limit", limit).Int64("offset", offset), Read, ct);
    }

    public Task<IReadOnlyList<DriveNode>> DeleteSubtreeAsync(string token, CancellationToken ct) =>
        database.InTransactionAsync<IReadOnlyList<DriveNode>>(async (connection, _) =>
        {
            var rootToken = await Database.QueryAsync(connection, "SELECT root_token FROM drive_nodes WHERE token = @token",
                p => p.Text("token", token), r => r.GetString(0), ct);
            if (rootToken.Count == 0) return ([], false);
            // Under the drive's lock no child can be placed under a node being removed.
            await Database.LockDriveAsync(connection, rootToken[0], ct);
            var removed = await Database.QueryAsync(connection, $"""
                WITH RECURSIVE subtree(token) AS (
                    SELECT token FROM drive_nodes WHERE token = @token
                    UNION ALL
                    SELECT n.token FROM drive_nodes n JOIN subtree s ON n.parent_token = s.token)
                DELETE FROM drive_nodes WHERE token IN (SELECT token FROM subtree)
                RETURNING {ColumnList}
                """, p => p.Text("token", token), Read, ct);
            await Database.ExecuteAsync(connection, "DELETE FROM node_members WHERE node_token = ANY(@nodes)",
                p => p.TextArray("nodes", removed.Select(n => n.Token).ToList()), ct);
            return (removed.OrderByDescending(n => n.Depth).ToList(), true);
        }, ct);

    public Task<long> TenantUsageAsync(string tenantKey, CancellationToken ct) =>
        database.ScalarAsync<long>("""
            SELECT ((SELECT COALESCE(SUM(size), 0) FROM media_files WHERE tenant_key = @tenant)
                 + (SELECT COALESCE(SUM(size), 0) FROM drive_nodes WHERE tenant_key = @tenant AND type = 'File'))::bigint
            """, p => p.Text("tenant", tenantKey), ct);

    private static void Bind(NpgsqlParameterCollection p, DriveNode node) => p
        .Text("token", node.Token)
        .Text("type", Columns.Name(node.Type))
        .Text("name", node.Name)
        .Text("parent_token", node.ParentToken)
        .Text("owner_id", node.OwnerId)
        .Text("tenant_key", node.TenantKey)
        .Int64("created_at", Columns.Time(node.CreatedAt))
        .Int64("modified_at", Columns.Time(node.ModifiedAt))
        .Text("root_token", node.RootToken)
        .Int32("depth", node.Depth)
        .Int64("size", node.Size)
        .Text("blob_id", node.BlobId);

    private static DriveNode Read(NpgsqlDataReader row) => new()
    {
        Token = row.GetString(0),
        Type = Columns.Parse<NodeType>(row.GetString(1)),
        Name = row.GetString(2),
        ParentToken = row.NullableText(3),
        OwnerId = row.GetString(4),
        TenantKey = row.GetString(5),
        CreatedAt = Columns.Time(row.GetInt64(6)),
        ModifiedAt = Columns.Time(row.GetInt64(7)),
        RootToken = row.GetString(8),
        Depth = row.GetInt32(9),
        Size = row.GetInt64(10),
        BlobId = row.NullableText(11),
    };
}
