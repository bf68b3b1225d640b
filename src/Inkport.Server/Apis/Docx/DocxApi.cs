using Inkport.Contracts;
using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Limits;
using Inkport.Server.Wire;

namespace Inkport.Server.Apis.Docx;

/// <summary>docx/v1 reads (spec/05 §1): document, raw content, blocks in pre-order, one block, its children.</summary>
public static class DocxApi
{
    public static void MapDocxApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/docx/v1/documents/{documentId}", GetDocument).RequireScopes(Scopes.DocxRead);
        api.MapGet("/docx/v1/documents/{documentId}/raw_content", GetRawContent).RequireScopes(Scopes.DocxRead);
        api.MapGet("/docx/v1/documents/{documentId}/blocks", ListBlocks).RequireScopes(Scopes.DocxRead);
        api.MapGet("/docx/v1/documents/{documentId}/blocks/{blockId}", GetBlock).RequireScopes(Scopes.DocxRead);
        api.MapGet("/docx/v1/documents/{documentId}/blocks/{blockId}/children", ListChildren).RequireScopes(Scopes.DocxRead);
    }

    private static async Task<IResult> GetDocument(HttpContext context, string documentId, DocxDocuments docs, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, documentId, drive, limiter, "documents.get");
        var meta = await docs.GetMetaAsync(documentId, context.RequestAborted);
        return Feishu.Ok(new DocxDocumentData(new DocxDocumentInfo(meta.DocumentId, meta.RevisionId, meta.Title)));
    }

    private static async Task<IResult> GetRawContent(HttpContext context, string documentId, DocxDocuments docs, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, documentId, drive, limiter, "documents.raw_content");
        return Feishu.Ok(new RawContentData(await docs.RawContentAsync(documentId, context.RequestAborted)));
    }

    private static async Task<IResult> ListBlocks(HttpContext context, string documentId, DocxDocuments docs, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, documentId, drive, limiter, "documents.blocks");
        var pageSize = PageSize(context.Request);
        var page = await docs.ListBlocksAsync(documentId, context.Request.Query["page_token"], pageSize, context.RequestAborted);
        return Feishu.Ok(new BlockPageData(page.Items.Select(BlockWires.From).ToList(), page.NextPageToken, page.HasMore));
    }

    private static async Task<IResult> GetBlock(HttpContext context, string documentId, string blockId, DocxDocuments docs, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, documentId, drive, limiter, "documents.block");
        return Feishu.Ok(new BlockData(BlockWires.From(await docs.GetBlockAsync(documentId, blockId, context.RequestAborted))));
    }

    private static async Task<IResult> ListChildren(HttpContext context, string documentId, string blockId, DocxDocuments docs, DriveService drive, RateLimiter limiter)
    {
        await AuthorizeAsync(context, documentId, drive, limiter, "documents.children");
        var pageSize = PageSize(context.Request);
        var page = await docs.ListChildrenAsync(documentId, blockId, context.Request.Query["page_token"], pageSize, context.RequestAborted);
        return Feishu.Ok(new BlockPageData(page.Items.Select(BlockWires.From).ToList(), page.NextPageToken, page.HasMore));
    }

    private static async Task AuthorizeAsync(HttpContext context, string documentId, DriveService drive, RateLimiter limiter, string endpoint)
    {
        var caller = context.Caller();
        await limiter.CheckAsync(RateRules.DocxRead, caller.AppId, context.RequestAborted, $"docx.{endpoint}");
        await drive.RequireDocumentAsync(caller, documentId, NodeType.Docx, FeishuErrors.DocxNotFound, FeishuErrors.DocxForbidden, context.RequestAborted);
    }

    /// <summary>05 §1.3: default 500, at most 500.</summary>
    private static int PageSize(HttpRequest request)
    {
        var text = request.Query["page_size"].ToString();
        if (text.Length == 0) return DocxDocuments.MaxPageSize;
        if (!int.TryParse(text, out var size) || size < 1 || size > DocxDocuments.MaxPageSize)
            throw FeishuErrors.DocxInvalidParam.With($"page_size must be 1–{DocxDocuments.MaxPageSize}");
        return size;
    }
}
