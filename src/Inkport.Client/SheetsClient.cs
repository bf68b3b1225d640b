using Inkport.Client.Internal;
using Inkport.Contracts;

namespace Inkport.Client;

/// <summary>Spreadsheet reads: v3 metadata, v2 values (spec/06).</summary>
public sealed class SheetsClient
{
    private readonly ApiTransport _api;

    internal SheetsClient(ApiTransport api) => _api = api;

    /// <summary>The spreadsheet's title, owner and URL.</summary>
    /// <param name="spreadsheetToken">The spreadsheet token (an import's token).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<SpreadsheetInfo> GetSpreadsheetAsync(string spreadsheetToken, CancellationToken cancellationToken = default) =>
        (await _api.GetDataAsync<SpreadsheetData>(ApiRequest.Get($"/open-apis/sheets/v3/spreadsheets/{Paging.Segment(spreadsheetToken)}"), cancellationToken)
            .ConfigureAwait(false)).Spreadsheet;

    /// <summary>The spreadsheet's sheets with their sizes, in order.</summary>
    /// <param name="spreadsheetToken">The spreadsheet token.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<SheetInfo>> QuerySheetsAsync(string spreadsheetToken, CancellationToken cancellationToken = default) =>
        (await _api.GetDataAsync<SheetsQueryData>(ApiRequest.Get($"/open-apis/sheets/v3/spreadsheets/{Paging.Segment(spreadsheetToken)}/sheets/query"),
            cancellationToken).ConfigureAwait(false)).Sheets ?? [];

    /// <summary>The values of a range such as "Q7PlXT!A1:C10" (v2; at most 10 MB an answer).</summary>
    /// <param name="spreadsheetToken">The spreadsheet token.</param>
    /// <param name="range">The range: sheet id, optionally "!A1:B2".</param>
    /// <param name="valueRenderOption">Null (the displayed values), "ToString", "FormattedValue", "Formula" or "UnformattedValue".</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<ValueRange> GetValuesAsync(string spreadsheetToken, string range, string? valueRenderOption = null,
        CancellationToken cancellationToken = default)
    {
        var path = $"/open-apis/sheets/v2/spreadsheets/{Paging.Segment(spreadsheetToken)}/values/{Paging.Segment(range)}"
                   + Paging.Query(("valueRenderOption", valueRenderOption));
        return (await _api.GetDataAsync<ValueRangeData>(ApiRequest.Get(path), cancellationToken).ConfigureAwait(false)).ValueRange;
    }
}
