using Inkport.Contracts;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Storage;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Drive;

/// <summary>Collaborators of a document or folder: share with a user or an app, list who has access.</summary>
public static class PermissionsApi
{
    public static void MapPermissionsApi(this IEndpointRouteBuilder api)
    {
        api.MapPost("/drive/v1/permissions/{token}/members", AddMember).RequireScopes(Scopes.PermissionMembers);
        api.MapGet("/drive/v1/permissions/{token}/members", ListMembers).RequireScopes(Scopes.PermissionMembersRead);
    }

    private static async Task<IResult> AddMember(HttpContext context, string token, DriveService drive, Identities identities)
    {
        var caller = context.Caller();
        var node = await NodeAsync(context, token, drive);
        var body = await Feishu.ReadJsonAsync<MemberRequest>(context.Request, FeishuErrors.PermissionInvalidParam);
        if (!Permissions.TryParse(body.Perm, out var permission))
            throw FeishuErrors.PermissionInvalidParam.With("perm must be view, edit or full_access");
        if (string.IsNullOrEmpty(body.MemberType) || string.IsNullOrEmpty(body.MemberId))
            throw FeishuErrors.PermissionInvalidParam.With("member_type and member_id are required");
        var principal = identities.ResolveMember(body.MemberType, body.MemberId)
            ?? throw FeishuErrors.PermissionInvalidParam.With($"no {body.MemberType} {body.MemberId} (supported: openid, userid, unionid, email, appid)");
        var member = await drive.ShareAsync(caller, node, (principal.OpenId, principal.TenantKey), body.MemberType, body.MemberId, permission, context.RequestAborted);
        return Feishu.Ok(new MemberData(ToWire(member, principal.Kind, null)), "Success");
    }

    private static async Task<IResult> ListMembers(HttpContext context, string token, DriveService drive, Identities identities)
    {
        var caller = context.Caller();
        var node = await NodeAsync(context, token, drive);
        var members = await drive.MembersAsync(caller, node, context.RequestAborted);
        return Feishu.Ok(new MemberListData(members.Select(m =>
            ToWire(m, identities.ResolveMember("openid", m.OpenId)?.Kind ?? "user", identities.NameOf(m.OpenId))).ToList()), "Success");
    }

    /// <summary>The node the path names, of the `type` the query gives (required, as on Feishu).</summary>
    private static async Task<DriveNode> NodeAsync(HttpContext context, string token, DriveService drive)
    {
        var type = context.Request.Query["type"].ToString();
        if (type.Length == 0) throw FeishuErrors.PermissionInvalidParam.With("type is required (docx, sheet, bitable, file or folder)");
        var node = await drive.GetAsync(token, context.RequestAborted);
        if (node is null || node.TenantKey != context.Caller().TenantKey || node.Type.WireName() != type)
            throw FeishuErrors.PermissionResourceDeleted.With($"no {type} {token}");
        return node;
    }

    private static MemberWire ToWire(NodeMember member, string kind, string? name) =>
        new(member.MemberType, member.MemberId, member.Permission.WireName(), kind, name);
}
