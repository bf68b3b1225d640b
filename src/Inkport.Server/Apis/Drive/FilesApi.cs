using System.Text;
using Inkport.Contracts;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Limits;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Server.Wire;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Inkport.Server.Apis.Drive;

/// <summary>The drive itself: root folder, folders, listings, metadata, deletion (spec/04).</summary>
public static class FilesApi
{
    public static void MapFilesApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/drive/explorer/v2/root_folder/meta", RootFolderMeta).RequireScopes(Scopes.RootFolder);
    }

    private static async Task<IResult> RootFolderMeta(HttpContext context, DriveService drive)
    {
        var caller = context.Caller();
        var root = await drive.RootOfAsync(caller, context.RequestAborted);
        return Feishu.Ok(new RootFolderData(root.Token, NumericIds.Of(root.Token), caller.OwnerId), "Success");
    }
}
