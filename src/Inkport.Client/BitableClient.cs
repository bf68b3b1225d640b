using Inkport.Client.Internal;
using Inkport.Contracts;

namespace Inkport.Client;

/// <summary>bitable/v1 reads (spec/07).</summary>
public sealed class BitableClient
{
    private readonly ApiTransport _api;

    internal BitableClient(ApiTransport api) => _api = api;

    /// <summary>The base's name and revision.</summary>
    /// <param name="appToken">The app_token (an import's token).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<BitableAppInfo> GetAppAsync(string appToken, CancellationToken cancellationToken = default) =>
        (await _api.GetDataAsync<BitableAppData>(ApiRequest.Get($"/open-apis/bitable/v1/apps/{Paging.Segment(appToken)}"), cancellationToken)
            .ConfigureAwait(false)).App;

    /// <summary>Every table of the base.</summary>
    /// <param name="appToken">The app_token.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public IAsyncEnumerable<TableWire> ListTablesAsync(string appToken, CancellationToken cancellationToken = default) =>
        Pages<TableWire>($"/open-apis/bitable/v1/apps/{Paging.Segment(appToken)}/tables", 100, cancellationToken);

    /// <summary>Every field (column) of a table, the primary field first.</summary>
    /// <param name="appToken">The app_token.</param>
    /// <param name="tableId">The table_id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public IAsyncEnumerable<FieldWire> ListFieldsAsync(string appToken, string tableId, CancellationToken cancellationToken = default) =>
        Pages<FieldWire>($"/open-apis/bitable/v1/apps/{Paging.Segment(appToken)}/tables/{Paging.Segment(tableId)}/fields", 100, cancellationToken);

    /// <summary>Every record of a table, 500 a request; field values keep their JSON shapes (spec/07 §6).</summary>
    /// <param name="appToken">The app_token.</param>
    /// <param name="tableId">The table_id.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    public IAsyncEnumerable<RecordWire> ListRecordsAsync(string appToken, string tableId, CancellationToken cancellationToken = default) =>
        Pages<RecordWire>($"/open-apis/bitable/v1/apps/{Paging.Segment(appToken)}/tables/{Paging.Segment(tableId)}/records", 500, cancellationToken);

    private IAsyncEnumerable<T> Pages<T>(string path, int pageSize, CancellationToken cancellationToken) =>
        Paging.AllAsync<T>(async (pageToken, ct) =>
        {
            var page = await _api.GetDataAsync<BitablePage<T>>(ApiRequest.Get(path + Paging.Query(("page_size", pageSize.ToString()), ("page_token", pageToken))), ct)
                .ConfigureAwait(false);
            return (page.Items ?? [], page.HasMore, page.PageToken);
        }, $"GET {path}", cancellationToken);
}
