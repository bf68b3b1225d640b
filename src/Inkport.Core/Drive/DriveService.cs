using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Drive;

/// <summary>Drive rules that imports need: each owner's root folder, folder lookup and who may see a node.</summary>
public sealed class DriveService(IDriveStore nodes, TimeProvider clock)
{
    /// <summary>04 §6: nodes directly under one folder.</summary>
    public const int MaxChildrenPerFolder = 1_500;

    /// <summary>The caller's root folder ("My Space"; for a tenant token the app's own space, U16), created on first use.</summary>
    public async Task<DriveNode> RootOfAsync(Caller caller, CancellationToken ct)
    {
        var existing = await nodes.GetRootAsync(caller.OwnerId, ct);
        if (existing is not null) return existing;
        var now = clock.GetUtcNow();
        return await nodes.GetOrInsertRootAsync(new DriveNode
        {
            Token = Ids.Ids.Token(), Type = NodeType.Folder, Name = "", ParentToken = null,
            OwnerId = caller.OwnerId, TenantKey = caller.TenantKey, CreatedAt = now, ModifiedAt = now,
        }, ct);
    }

    /// <summary>A node the caller may read and write: its own, in its own tenant (sharing comes with permissions).</summary>
    public static bool CanAccess(Caller caller, DriveNode node) =>
        node.TenantKey == caller.TenantKey && node.OwnerId == caller.OwnerId;

    public Task<DriveNode?> GetAsync(string token, CancellationToken ct) => nodes.GetAsync(token, ct);

    /// <summary>The document node of <paramref name="type"/> the caller may read, or the service's own
    /// not-found / forbidden error (documents of other tenants do not exist for the caller).</summary>
    public async Task<DriveNode> RequireDocumentAsync(Caller caller, string token, NodeType type, FeishuError notFound, FeishuError forbidden, CancellationToken ct)
    {
        var node = Ids.Ids.IsToken(token) ? await nodes.GetAsync(token, ct) : null;
        if (node is null || node.Type != type || node.TenantKey != caller.TenantKey)
            throw notFound.With($"no {type.WireName()} {token}");
        if (!CanAccess(caller, node))
            throw forbidden.Exception();
        return node;
    }
}
