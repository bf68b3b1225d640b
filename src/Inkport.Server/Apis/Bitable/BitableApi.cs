using Inkport.Contracts;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Limits;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Bitable;

/// <summary>bitable/v1 reads (spec/07): app, tables, fields, records.</summary>
public static class BitableApi
{
    public static void MapBitableApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/bitable/v1/apps/{appToken}", GetApp).RequireScopes(Scopes.BitableRead);
        api.MapGet("/bitable/v1/apps/{appToken}/tables", ListTables).RequireScopes(Scopes.BitableRead);
        api.MapGet("/bitable/v1/apps/{appToken}/tables/{tableId}/fields", ListFields).RequireScopes(Scopes.BitableRead);
        api.MapGet("/bitable/v1/apps/{appToken}/tables/{tableId}/records", ListRecords).RequireScopes(Scopes.BitableRead);
    }

    private static async Task<IResult> GetApp(HttpContext context, string appToken, BitableDocuments bases, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, appToken, drive, limiter, "apps.get");
        var meta = await bases.GetMetaAsync(appToken, context.RequestAborted);
        return Feishu.Ok(new BitableAppData(new BitableAppInfo(meta.AppToken, meta.Name, meta.Revision, false, "Asia/Shanghai", 1)));
    }

    private static async Task<IResult> ListTables(HttpContext context, string appToken, BitableDocuments bases, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, appToken, drive, limiter, "tables.list");
        var tables = await bases.GetTablesAsync(appToken, context.RequestAborted);
        return Feishu.Ok(Paged(context.Request, tables.Select(t => new TableWire(t.TableId, 1, t.Name)).ToList(), defaultSize: 20, maxSize: 100));
    }

    private static async Task<IResult> ListFields(HttpContext context, string appToken, string tableId, BitableDocuments bases, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, appToken, drive, limiter, "fields.list");
        var table = await bases.GetTableAsync(appToken, tableId, context.RequestAborted);
        var fields = table.Fields.Select((f, i) => ToWire(f, i == 0)).ToList();
        return Feishu.Ok(Paged(context.Request, fields, defaultSize: 20, maxSize: 100));
    }

    private static async Task<IResult> ListRecords(HttpContext context, string appToken, string tableId, BitableDocuments bases, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, appToken, drive, limiter, "records.list");
        var table = await bases.GetTableAsync(appToken, tableId, context.RequestAborted);
        var (from, size) = PageOf(context.Request, defaultSize: 20, maxSize: 500);
        var records = await bases.ReadRecordsAsync(appToken, table, from, size, context.RequestAborted);
        var next = from + records.Count;
        var more = next < table.RecordCount;
        return Feishu.Ok(new BitablePage<RecordWire>(records.Select(r => new RecordWire(r.RecordId, r.Fields)).ToList(),
            more, more ? PageTokens.Encode(next) : null, table.RecordCount));
    }

    private static FieldWire ToWire(StoredField stored, bool primary)
    {
        var field = stored.Field;
        var property = field.Formatter is null && field.DateFormatter is null && field.Options is null ? null : new FieldPropertyWire
        {
            Formatter = field.Formatter,
            DateFormatter = field.DateFormatter,
            AutoFill = field.Type == FieldType.DateTime ? false : null,
            Options = field.Options?.Select((o, i) => new SelectOptionWire(o.Name, OptionId(stored.FieldId, i), o.Color)).ToList(),
        };
        return new FieldWire(stored.FieldId, field.Name, (int)field.Type, field.UiType, property, primary, false);
    }

    /// <summary>Option ids are stable per field and position ("opt" + 7 characters).</summary>
    private static string OptionId(string fieldId, int index) => "opt" + (fieldId.Length >= 7 ? fieldId[^4..] : fieldId) + index.ToString("D3");

    private static BitablePage<T> Paged<T>(HttpRequest request, IReadOnlyList<T> all, int defaultSize, int maxSize)
    {
        var (from, size) = PageOf(request, defaultSize, maxSize);
        var items = all.Skip((int)Math.Min(from, all.Count)).Take(size).ToList();
        var next = from + items.Count;
        var more = next < all.Count;
        return new BitablePage<T>(items, more, more ? PageTokens.Encode(next) : null, all.Count);
    }

    /// <summary>07 §3–5: page_size ≤ 0 is 1254011; larger than the maximum is capped; a forged page_token is 1254030.</summary>
    private static (long From, int Size) PageOf(HttpRequest request, int defaultSize, int maxSize)
    {
        var sizeText = request.Query["page_size"].ToString();
        var size = defaultSize;
        if (sizeText.Length > 0 && (!int.TryParse(sizeText, out size) || size <= 0))
            throw FeishuErrors.BitablePageSize.Exception();
        if (!PageTokens.TryDecode(request.Query["page_token"], out var from))
            throw FeishuErrors.BitableInvalidPageToken.Exception();
        return (from, Math.Min(size, maxSize));
    }

    private static async Task AuthorizeAsync(HttpContext context, string appToken, DriveService drive, RateLimiter limiter, string endpoint)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.BitableRead, caller.AppId, context.RequestAborted, $"bitable.{endpoint}");
        await drive.RequireDocumentAsync(caller, appToken, NodeType.Bitable, FeishuErrors.BitableBaseNotFound, FeishuErrors.BitablePermissionDenied, context.RequestAborted);
    }
}
