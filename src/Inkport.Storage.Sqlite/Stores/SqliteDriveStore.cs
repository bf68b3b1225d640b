using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteDriveStore(SqliteDatabase database) : IDriveStore
{
    private const string SelectColumns =
        "SELECT token, type, name, parent_token, owner_id, tenant_key, created_at, modified_at, root_token, depth, size, blob_id FROM drive_nodes";

    private const string InsertSql = """
        INSERT INTO drive_nodes (token, type, name, parent_token, owner_id, tenant_key, created_at, modified_at, root_token, depth, size, blob_id)
        VALUES ($token, $type, $name, $parent_token, $owner_id, $tenant_key, $created_at, $modified_at, $root_token, $depth, $size, $blob_id)
        """;

    public Task InsertAsync(DriveNode node, CancellationToken ct) =>
        database.WriteAsync(connection => Insert(connection, node), ct);

    public Task<DriveNode?> GetAsync(string token, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE token = $token");
            statement.BindText("$token", token);
            return statement.Step() ? Read(statement) : null;
        }, ct);

    public Task<DriveNode?> GetRootAsync(string ownerId, CancellationToken ct) =>
        database.ReadAsync(connection => FindRoot(connection, ownerId), ct);

    public Task<DriveNode> GetOrInsertRootAsync(DriveNode root, CancellationToken ct)
    {
        if (root.ParentToken is not null)
            throw new ArgumentException("a root folder has no parent", nameof(root));
        return database.WriteAsync(connection =>
        {
            // The partial unique index on (owner_id) WHERE parent_token IS NULL makes this race-free.
            connection.ExecuteNonQuery(InsertSql + " ON CONFLICT (owner_id) WHERE parent_token IS NULL DO NOTHING",
                s => Bind(s, root));
            return FindRoot(connection, root.OwnerId)
                ?? throw new InvalidOperationException($"root of {root.OwnerId} vanished right after insertion");
        }, ct);
    }

    public Task<int> CountChildrenAsync(string parentToken, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare("SELECT COUNT(*) FROM drive_nodes WHERE parent_token = $parent_token");
            statement.BindText("$parent_token", parentToken);
            statement.Step();
            return (int)statement.GetInt64(0);
        }, ct);

    public Task<PlacementResult> InsertChildAsync(DriveNode node, int maxChildren, int maxNodes, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginImmediate();
            var result = Place(connection, node, maxChildren, maxNodes);
            if (result == PlacementResult.Inserted) transaction.Commit();
            return result;
        }, ct);

    /// <summary>The limit check and insertion of <see cref="InsertChildAsync"/>, inside the caller's write transaction
    /// (the single writer connection makes the count and the insert one step for every other writer).</summary>
    internal static PlacementResult Place(SqliteConnection connection, DriveNode node, int maxChildren, int maxNodes)
    {
        if (node.ParentToken is null) throw new ArgumentException("a child needs a parent", nameof(node));
        if (Count(connection, "parent_token", node.ParentToken) >= maxChildren) return PlacementResult.TooManyChildren;
        if (Count(connection, "root_token", node.RootToken) >= maxNodes) return PlacementResult.TooManyNodes;
        Insert(connection, node);
        return PlacementResult.Inserted;
    }

    private static long Count(SqliteConnection connection, string column, string value)
    {
        using var statement = connection.Prepare($"SELECT COUNT(*) FROM drive_nodes WHERE {column} = $value");
        statement.BindText("$value", value);
        statement.Step();
        return statement.GetInt64(0);
    }

    public Task<IReadOnlyList<DriveNode>> ListChildrenAsync(string parentToken, NodeOrder order, bool descending, long offset, int limit, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<DriveNode>>(connection =>
        {
            var column = order == NodeOrder.CreatedTime ? "created_at" : "modified_at";
            var direction = descending ? "DESC" : "ASC";
            using var statement = connection.Prepare(
                $"{SelectColumns} WHERE parent_token = $parent ORDER BY {column} {direction}, token {direction} LIMIT $limit OFFSET $offset");
            statement.BindText("$parent", parentToken).BindInt64("$limit", limit).BindInt64("$offset", offset);
            var nodes = new List<DriveNode>();
            while (statement.Step()) nodes.Add(Read(statement));
            return nodes;
        }, ct);

    public Task<IReadOnlyList<DriveNode>> DeleteSubtreeAsync(string token, CancellationToken ct) =>
        database.WriteAsync<IReadOnlyList<DriveNode>>(connection =>
        {
            using var transaction = connection.BeginImmediate();
            var removed = new List<DriveNode>();
            using (var statement = connection.Prepare($"""
                WITH RECURSIVE subtree(token) AS (
                    SELECT token FROM drive_nodes WHERE token = $token
                    UNION ALL
                    SELECT n.token FROM drive_nodes n JOIN subtree s ON n.parent_token = s.token)
                {SelectColumns} WHERE token IN (SELECT token FROM subtree) ORDER BY depth DESC
                """))
            {
                statement.BindText("$token", token);
                while (statement.Step()) removed.Add(Read(statement));
            }
            foreach (var node in removed) // deepest first, so no row outlives its parent
            {
                connection.ExecuteNonQuery("DELETE FROM node_members WHERE node_token = $token", s => s.BindText("$token", node.Token));
                connection.ExecuteNonQuery("DELETE FROM drive_nodes WHERE token = $token", s => s.BindText("$token", node.Token));
            }
            transaction.Commit();
            return removed;
        }, ct);

    public Task<long> TenantUsageAsync(string tenantKey, CancellationToken ct) =>
        database.ReadAsync(connection =>
        {
            using var statement = connection.Prepare("""
                SELECT (SELECT COALESCE(SUM(size), 0) FROM media_files WHERE tenant_key = $tenant)
                     + (SELECT COALESCE(SUM(size), 0) FROM drive_nodes WHERE tenant_key = $tenant AND type = 'File')
                """);
            statement.BindText("$tenant", tenantKey);
            statement.Step();
            return statement.GetInt64(0);
        }, ct);

    /// <summary>Inserts a node on a connection that may already be inside a transaction.</summary>
    internal static void Insert(SqliteConnection connection, DriveNode node) =>
        connection.ExecuteNonQuery(InsertSql, s => Bind(s, node));

    private static DriveNode? FindRoot(SqliteConnection connection, string ownerId)
    {
        using var statement = connection.Prepare($"{SelectColumns} WHERE owner_id = $owner_id AND parent_token IS NULL");
        statement.BindText("$owner_id", ownerId);
        return statement.Step() ? Read(statement) : null;
    }

    private static void Bind(SqliteStatement statement, DriveNode node) => statement
        .BindText("$token", node.Token)
        .BindText("$type", Columns.Name(node.Type))
        .BindText("$name", node.Name)
        .BindText("$parent_token", node.ParentToken)
        .BindText("$owner_id", node.OwnerId)
        .BindText("$tenant_key", node.TenantKey)
        .BindInt64("$created_at", Columns.Time(node.CreatedAt))
        .BindInt64("$modified_at", Columns.Time(node.ModifiedAt))
        .BindText("$root_token", node.RootToken)
        .BindInt64("$depth", node.Depth)
        .BindInt64("$size", node.Size)
        .BindText("$blob_id", node.BlobId);

    private static DriveNode Read(SqliteStatement row) => new()
    {
        Token = row.GetText(0),
        Type = Columns.Parse<NodeType>(row.GetText(1)),
        Name = row.GetText(2),
        ParentToken = row.GetNullableText(3),
        OwnerId = row.GetText(4),
        TenantKey = row.GetText(5),
        CreatedAt = Columns.Time(row.GetInt64(6)),
        ModifiedAt = Columns.Time(row.GetInt64(7)),
        RootToken = row.GetText(8),
        Depth = (int)row.GetInt64(9),
        Size = row.GetInt64(10),
        BlobId = row.GetNullableText(11),
    };
}
