using Inkport.Core.Drive;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqlitePermissionStore(SqliteDatabase database) : IPermissionStore
{
    private const string SelectColumns = "SELECT node_token, open_id, member_type, member_id, permission FROM node_members";

    public Task UpsertMemberAsync(NodeMember member, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO node_members (node_token, open_id, member_type, member_id, permission)
            VALUES ($node, $open_id, $member_type, $member_id, $permission)
            ON CONFLICT (node_token, open_id) DO UPDATE SET
                member_type = excluded.member_type, member_id = excluded.member_id, permission = excluded.permission
            """, s => s.BindText("$node", member.NodeToken).BindText("$open_id", member.OpenId)
                .BindText("$member_type", member.MemberType).BindText("$member_id", member.MemberId)
                .BindText("$permission", Columns.Name(member.Permission))), ct);

    public Task<IReadOnlyList<NodeMember>> ListMembersAsync(string nodeToken, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<NodeMember>>(connection =>
        {
            using var statement = connection.Prepare($"{SelectColumns} WHERE node_token = $node ORDER BY rowid");
            statement.BindText("$node", nodeToken);
            return ReadAll(statement);
        }, ct);

    public Task<IReadOnlyList<NodeMember>> FindMembershipsAsync(IReadOnlyList<string> nodeTokens, string openId, CancellationToken ct) =>
        database.ReadAsync<IReadOnlyList<NodeMember>>(connection =>
        {
            if (nodeTokens.Count == 0) return [];
            var names = nodeTokens.Select((_, i) => $"$n{i}").ToList();
            using var statement = connection.Prepare($"{SelectColumns} WHERE open_id = $open_id AND node_token IN ({string.Join(", ", names)})");
            statement.BindText("$open_id", openId);
            for (var i = 0; i < nodeTokens.Count; i++) statement.BindText(names[i], nodeTokens[i]);
            return ReadAll(statement);
        }, ct);

    public Task DeleteMembersOfAsync(IReadOnlyList<string> nodeTokens, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            foreach (var token in nodeTokens)
                connection.ExecuteNonQuery("DELETE FROM node_members WHERE node_token = $node", s => s.BindText("$node", token));
        }, ct);

    private static List<NodeMember> ReadAll(SqliteStatement statement)
    {
        var members = new List<NodeMember>();
        while (statement.Step())
            members.Add(new NodeMember(statement.GetText(0), statement.GetText(1), statement.GetText(2), statement.GetText(3),
                Columns.Parse<Permission>(statement.GetText(4))));
        return members;
    }
}
