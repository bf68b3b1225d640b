using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteDriveStore(SqliteDatabase database) : IDriveStore
{
    private const string SelectColumns =
        "SELECT token, type, name, parent_token, owner_id, tenant_key, created_at, modified_at FROM drive_nodes";

    private const string InsertSql = """
        INSERT INTO drive_nodes (token, type, name, parent_token, owner_id, tenant_key, created_at, modified_at)
        VALUES ($token, $type, $name, $parent_token, $owner_id, $tenant_key, $created_at, $modified_at)
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
        .BindInt64("$modified_at", Columns.Time(node.ModifiedAt));

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
    };
}
