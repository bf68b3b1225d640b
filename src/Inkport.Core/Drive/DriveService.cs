using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;

namespace Inkport.Core.Drive;

/// <summary>Drive rules: each principal's root folder, the tree limits of spec/04 §6, and who may do what
/// with a node — its owner, the owner of a folder above it, or a collaborator on it or above it.</summary>
public sealed class DriveService(IDriveStore nodes, IPermissionStore permissions, DriveLimits limits, TimeProvider clock)
{
    /// <summary>04 §2: a folder name is 1–256 bytes.</summary>
    public const int MaxFolderNameBytes = 256;

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

    /// <summary>The folder a request names: "" (or the root's own token) is the caller's root.</summary>
    public async Task<DriveNode> FolderAsync(Caller caller, string? folderToken, FeishuError notFound, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(folderToken)) return await RootOfAsync(caller, ct);
        var folder = await GetAsync(folderToken, ct);
        if (folder is not { Type: NodeType.Folder } || folder.TenantKey != caller.TenantKey)
            throw notFound.With($"no folder {folderToken}");
        return folder;
    }

    /// <summary>04 §2: a folder under a folder the caller can edit, within the depth, sibling and drive limits.</summary>
    public async Task<DriveNode> CreateFolderAsync(Caller caller, string? name, string? parentToken, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(name) || System.Text.Encoding.UTF8.GetByteCount(name) > MaxFolderNameBytes)
            throw FeishuErrors.DriveParams.With($"name must be 1–{MaxFolderNameBytes} bytes");
        if (parentToken is null) throw FeishuErrors.DriveParams.With("folder_token is required (\"\" for the root)");
        var parent = await FolderAsync(caller, parentToken, FeishuErrors.DriveNotFound, ct);
        if (await AccessAsync(caller, parent, ct) < Permission.Edit) throw FeishuErrors.DriveForbidden.With("creating a folder needs edit permission on its parent");
        if (parent.Depth + 1 > DriveLimits.MaxDepth) throw FeishuErrors.DriveOutOfDepth.With($"folders nest at most {DriveLimits.MaxDepth} levels");
        var folder = DriveNode.Under(parent, Ids.Ids.Token(), NodeType.Folder, name, caller.OwnerId, clock.GetUtcNow());
        await PlaceAsync(folder, ct);
        return folder;
    }

    /// <summary>Inserts a node under the sibling and drive limits, answering their codes.</summary>
    public async Task PlaceAsync(DriveNode node, CancellationToken ct)
    {
        switch (await nodes.InsertChildAsync(node, limits.MaxChildren, limits.MaxNodes, ct))
        {
            case PlacementResult.TooManyChildren: throw FeishuErrors.DriveOutOfSiblings.With($"a folder holds at most {limits.MaxChildren} nodes");
            case PlacementResult.TooManyNodes: throw FeishuErrors.DriveOutOfSize.With($"a drive holds at most {limits.MaxNodes} nodes");
        }
    }

    /// <summary>04 §5: the owner who can edit the parent, or whoever has full access to the parent, may delete;
    /// a folder goes with everything under it. Returns what was removed, for its bytes and documents.</summary>
    public async Task<IReadOnlyList<DriveNode>> DeleteAsync(Caller caller, string token, string? type, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(type)) throw FeishuErrors.DriveParams.With("type is required");
        var node = await GetAsync(token, ct);
        if (node is null || node.TenantKey != caller.TenantKey || node.Type.WireName() != type)
            throw FeishuErrors.DriveSourceNodeNotFound.With($"no {type} {token}");
        if (node.ParentToken is null) throw FeishuErrors.DriveParams.With("a root folder cannot be deleted");
        var parent = await nodes.GetAsync(node.ParentToken, ct) ?? throw FeishuErrors.DriveSourceNodeNotFound.Exception();
        var onParent = await AccessAsync(caller, parent, ct);
        var allowed = onParent == Permission.FullAccess || (node.OwnerId == caller.OwnerId && onParent >= Permission.Edit);
        if (!allowed) throw FeishuErrors.DriveNodeNoPermission.Exception();
        return await nodes.DeleteSubtreeAsync(node.Token, ct);
    }

    public Task<IReadOnlyList<DriveNode>> ListAsync(DriveNode folder, NodeOrder order, bool descending, long offset, int limit, CancellationToken ct) =>
        nodes.ListChildrenAsync(folder.Token, order, descending, offset, limit, ct);

    /// <summary>Adds or changes a collaborator; only a caller with full access may share, and never across tenants.</summary>
    public async Task<NodeMember> ShareAsync(Caller caller, DriveNode node, (string OpenId, string TenantKey) principal, string memberType,
        string memberId, Permission permission, CancellationToken ct)
    {
        if (await AccessAsync(caller, node, ct) < Permission.FullAccess)
            throw FeishuErrors.PermissionDenied.With("sharing needs full_access on the document or folder");
        if (principal.TenantKey != node.TenantKey)
            throw FeishuErrors.PermissionInvalidParam.With("collaborators must be in the document's tenant");
        var member = new NodeMember(node.Token, principal.OpenId, memberType, memberId, permission);
        await permissions.UpsertMemberAsync(member, ct);
        return member;
    }

    public async Task<IReadOnlyList<NodeMember>> MembersAsync(Caller caller, DriveNode node, CancellationToken ct)
    {
        if (await AccessAsync(caller, node, ct) < Permission.View)
            throw FeishuErrors.PermissionDenied.With("listing collaborators needs view permission");
        return await permissions.ListMembersAsync(node.Token, ct);
    }

    /// <summary>Media is readable by its uploader, and media inside a document (an imported image) by whoever may view the document.</summary>
    public async Task<bool> CanReadMediaAsync(Caller caller, Media.MediaFile media, CancellationToken ct)
    {
        if (media.TenantKey != caller.TenantKey) return false;
        if (media.OwnerId == caller.OwnerId) return true;
        return await GetAsync(media.ParentNode, ct) is { } parent && await AccessAsync(caller, parent, ct) >= Permission.View;
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
