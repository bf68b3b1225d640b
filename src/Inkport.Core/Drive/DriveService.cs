using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Drive;

/// <summary>Drive rules: each principal's root folder, the tree limits of spec/04 §6, and who may do what
/// with a node — its owner, the owner of a folder above it, or a collaborator on it or above it.</summary>
public sealed class DriveService(IDriveStore nodes, IPermissionStore permissions, DriveLimits limits, TimeProvider clock)
{
    public DriveLimits Limits => limits;

    /// <summary>The caller's root folder ("My Space"; for a tenant token the app's own space, U16), created on first use.</summary>
    public async Task<DriveNode> RootOfAsync(Caller caller, CancellationToken ct)
    {
        var existing = await nodes.GetRootAsync(caller.OwnerId, ct);
        if (existing is not null) return existing;
        var now = clock.GetUtcNow();
        var token = Ids.Ids.Token();
        return await nodes.GetOrInsertRootAsync(new DriveNode
        {
            Token = token, Type = NodeType.Folder, Name = "", ParentToken = null, OwnerId = caller.OwnerId,
            TenantKey = caller.TenantKey, CreatedAt = now, ModifiedAt = now, RootToken = token, Depth = 0,
        }, ct);
    }

    public Task<DriveNode?> GetAsync(string token, CancellationToken ct) =>
        Ids.Ids.IsToken(token) ? nodes.GetAsync(token, ct) : Task.FromResult<DriveNode?>(null);

    /// <summary>What the caller may do with a node: nothing across tenants; full access as the owner of the node or
    /// of a folder above it; otherwise the strongest collaborator permission on the node or above it.</summary>
    public async Task<Permission> AccessAsync(Caller caller, DriveNode node, CancellationToken ct)
    {
        if (node.TenantKey != caller.TenantKey) return Permission.None;
        var chain = await AncestryAsync(node, ct);
        if (chain.Any(n => n.OwnerId == caller.OwnerId)) return Permission.FullAccess;
        var memberships = await permissions.FindMembershipsAsync(chain.Select(n => n.Token).ToList(), caller.OwnerId, ct);
        return memberships.Count == 0 ? Permission.None : memberships.Max(m => m.Permission);
    }

    /// <summary>The node and its ancestors, nearest first (bounded by the depth limit).</summary>
    public async Task<IReadOnlyList<DriveNode>> AncestryAsync(DriveNode node, CancellationToken ct)
    {
        var chain = new List<DriveNode> { node };
        for (var current = node; current.ParentToken is not null && chain.Count <= DriveLimits.MaxDepth + 1;)
        {
            current = await nodes.GetAsync(current.ParentToken, ct) ?? throw new InvalidDataException($"node {current.Token} has a missing parent");
            chain.Add(current);
        }
        return chain;
    }

    /// <summary>The document node of <paramref name="type"/> the caller may use at <paramref name="needed"/>, or the
    /// service's own not-found / forbidden error (documents of other tenants do not exist for the caller).</summary>
    public async Task<DriveNode> RequireDocumentAsync(Caller caller, string token, NodeType type, FeishuError notFound, FeishuError forbidden,
        CancellationToken ct, Permission needed = Permission.View)
    {
        var node = await GetAsync(token, ct);
        if (node is null || node.Type != type || node.TenantKey != caller.TenantKey)
            throw notFound.With($"no {type.WireName()} {token}");
        if (await AccessAsync(caller, node, ct) < needed)
            throw forbidden.With($"{needed.WireName()} permission on {token} is required");
        return node;
    }
}

/// <summary>Drive limits (spec/04 §6); defaults are Feishu's numbers, the quota is configuration.</summary>
public sealed record DriveLimits
{
    public const int MaxDepth = 15;
    public int MaxChildren { get; init; } = 1_500;
    public int MaxNodes { get; init; } = 400_000;
    /// <summary>Bytes a tenant may store (uploads and drive files); 0 = unlimited.</summary>
    public long TenantQuotaBytes { get; init; }
}
