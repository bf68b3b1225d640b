using Inkport.Contracts;
using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Limits;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Sheets;

/// <summary>sheets v3 metadata and v2 values (spec/06).</summary>
public static class SheetsApi
{
    public static void MapSheetsApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/sheets/v3/spreadsheets/{token}", GetSpreadsheet).RequireScopes(Scopes.SheetsRead);
        api.MapGet("/sheets/v3/spreadsheets/{token}/sheets/query", QuerySheets).RequireScopes(Scopes.SheetsRead);
        api.MapGet("/sheets/v3/spreadsheets/{token}/sheets/{sheetId}", GetSheet).RequireScopes(Scopes.SheetsRead);
        api.MapGet("/sheets/v2/spreadsheets/{token}/values/{range}", GetValues).RequireScopes(Scopes.SheetsRead);
    }

    private static async Task<IResult> GetSpreadsheet(HttpContext context, string token, SheetDocuments sheets, DriveService drive, RateLimiter limiter)
    {
        var node = await AuthorizeV3Async(context, token, drive, limiter, "spreadsheets.get");
        var meta = await sheets.GetMetaAsync(token, context.RequestAborted);
        return Feishu.Ok(new SpreadsheetData(new SpreadsheetInfo(meta.Title, node.OwnerId, token, $"{context.Request.PublicBaseUrl()}/sheets/{token}")));
    }

    private static async Task<IResult> QuerySheets(HttpContext context, string token, SheetDocuments sheets, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeV3Async(context, token, drive, limiter, "sheets.query");
        var all = await sheets.GetSheetsAsync(token, context.RequestAborted);
        return Feishu.Ok(new SheetsQueryData(all.Select(ToWire).ToList()));
    }

    private static async Task<IResult> GetSheet(HttpContext context, string token, string sheetId, SheetDocuments sheets, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeV3Async(context, token, drive, limiter, "sheets.get");
        var sheet = await sheets.FindSheetAsync(token, sheetId, context.RequestAborted)
            ?? throw FeishuErrors.SheetsInvalidParameters.With($"no sheet {sheetId}");
        return Feishu.Ok(new { sheet = ToWire(sheet) });
    }

    private static async Task<IResult> GetValues(HttpContext context, string token, string range, SheetValues values, DriveService drive, RateLimiter limiter)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.SheetsValues, caller.AppId, context.RequestAborted);
        await drive.RequireDocumentAsync(caller, token, NodeType.Sheet, FeishuErrors.SheetsV2NotFound, FeishuErrors.SheetsV2PermissionFail, context.RequestAborted);
        var query = context.Request.Query;
        var result = await values.ReadAsync(token, Uri.UnescapeDataString(range), query["valueRenderOption"], query["dateTimeRenderOption"], context.RequestAborted);
        return Feishu.Ok(new ValueRangeData(0, token, new ValueRange("ROWS", result.Range, 0, result.Values)), "Success");
    }

    private static SheetInfo ToWire(SheetMeta sheet)
    {
        var layout = sheet.Layout;
        var merges = layout.Merges.Count == 0 ? null
            : layout.Merges.Select(m => new MergeWire(m.StartRow, m.EndRow, m.StartColumn, m.EndColumn)).ToList();
        return new SheetInfo(sheet.SheetId, sheet.Title, sheet.Index, sheet.Hidden,
            new GridProperties(layout.FrozenRowCount, layout.FrozenColumnCount, layout.RowCount, layout.ColumnCount), "sheet", merges);
    }

    private static async Task<DriveNode> AuthorizeV3Async(HttpContext context, string token, DriveService drive, RateLimiter limiter, string endpoint)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.SheetsMeta, caller.AppId, context.RequestAborted, $"sheets.v3.{endpoint}");
        return await drive.RequireDocumentAsync(caller, token, NodeType.Sheet, FeishuErrors.SheetsNotFound, FeishuErrors.SheetsPermissionFail, context.RequestAborted);
    }
}
