using Inkport.Client.Internal;
using Inkport.Contracts;

namespace Inkport.Client;

/// <summary>docx/v1 reads (spec/05).</summary>
public sealed class DocxClient
{
    private readonly ApiTransport _api;

    internal DocxClient(ApiTransport api) => _api = api;

    /// <summary>The document's id, revision and title.</summary>
    /// <param name="documentId">The document_id (an import's token).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<DocxDocumentInfo> GetDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await _api.GetDataAsync<DocxDocumentData>(ApiRequest.Get($"/open-apis/docx/v1/documents/{Paging.Segment(documentId)}"), cancellationToken)
            .ConfigureAwait(false)).Document;

    /// <summary>The document's plain text.</summary>
    /// <param name="documentId">The document_id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<string> GetRawContentAsync(string documentId, CancellationToken cancellationToken = default) =>
        (await _api.GetDataAsync<RawContentData>(ApiRequest.Get($"/open-apis/docx/v1/documents/{Paging.Segment(documentId)}/raw_content"), cancellationToken)
            .ConfigureAwait(false)).Content;

    /// <summary>Every block of the document in pre-order, the page block first, 500 a request.</summary>
    /// <param name="documentId">The document_id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public IAsyncEnumerable<BlockWire> ListBlocksAsync(string documentId, CancellationToken cancellationToken = default) =>
        Paging.AllAsync<BlockWire>(async (pageToken, ct) =>
        {
            var path = $"/open-apis/docx/v1/documents/{Paging.Segment(documentId)}/blocks{Paging.Query(("page_size", "500"), ("page_token", pageToken))}";
            var page = await _api.GetDataAsync<BlockPageData>(ApiRequest.Get(path), ct).ConfigureAwait(false);
            return (page.Items ?? [], page.HasMore, page.PageToken);
        }, "GET /open-apis/docx/v1/documents/:document_id/blocks", cancellationToken);
}
