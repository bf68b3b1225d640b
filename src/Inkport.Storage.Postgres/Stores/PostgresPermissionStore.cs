using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresPermissionStore(Database database) : IPermissionStore
{
    private const string SelectColumns = "SELECT node_token, open_id, member_type, member_id, permission FROM node_members";

    public Task UpsertMemberAsync(NodeMember member, CancellationToken ct) =>
        database.ExecuteAsync("""
            INSERT INTO node_members (node_token, open_id, member_type, member_id, permission)
            VALUES (@node, @open_id, @member_type, @member_id, @permission)
            ON CONFLICT (node_token, open_id) DO UPDATE SET
                member_type = excluded.member_type, member_id = excluded.member_id, permission = excluded.permission
            """, p => p.Text("node", member.NodeToken).Text("open_id", member.OpenId)
                .Text("member_type", member.MemberType).Text("member_id", member.MemberId)
                .Text("permission", Columns.Name(member.Permission)), ct);

    public async Task<IReadOnlyList<NodeMember>> ListMembersAsync(string nodeToken, CancellationToken ct) =>
        await database.QueryAsync($"{SelectColumns} WHERE node_token = @node ORDER BY seq", p => p.Text("node", nodeToken), Read, ct);

    public async Task<IReadOnlyList<NodeMember>> FindMembershipsAsync(IReadOnlyList<string> nodeTokens, string openId, CancellationToken ct)
    {
        if (nodeTokens.Count == 0) return [];
        return await database.QueryAsync($"{SelectColumns} WHERE open_id = @open_id AND node_token = ANY(@nodes)",
            p => p.Text("open_id", openId).TextArray("nodes", nodeTokens), Read, ct);
    }

    public Task DeleteMembersOfAsync(IReadOnlyList<string> nodeTokens, CancellationToken ct) =>
        nodeTokens.Count == 0
            ? Task.CompletedTask
            : database.ExecuteAsync("DELETE FROM node_members WHERE node_token = ANY(@nodes)", p => p.TextArray("nodes", nodeTokens), ct);

    private static NodeMember Read(NpgsqlDataReader row) =>
        new(row.GetString(0), row.GetString(1), row.GetString(2), row.GetString(3), Columns.Parse<Permission>(row.GetString(4)));
}
