using Inkport.Core.Errors;
using Inkport.Core.Sheets;

namespace Inkport.Core.Documents;

public sealed record ValuesResult(string Range, IReadOnlyList<IReadOnlyList<object?>> Values);

/// <summary>`values/:range` (spec/06 §4): parse the range, clamp it to the sheet, read only the row chunks
/// it covers, and render each cell for the requested options.</summary>
public sealed class SheetValues(SheetDocuments sheets)
{
    /// <summary>06 §4: a values response is at most 10 MB; cells are capped well below that.</summary>
    public const long MaxCells = 500_000;

    public async Task<ValuesResult> ReadAsync(string token, string range, string? valueRenderOption, string? dateTimeRenderOption, CancellationToken ct)
    {
        if (!A1Range.TryParse(range, out var parsed, out var reason))
            throw FeishuErrors.SheetsV2WrongRange.With(reason);
        if (!RenderOptions.TryParseValueRenderOption(valueRenderOption, out var valueOption))
            throw FeishuErrors.SheetsV2WrongRange.With($"valueRenderOption '{valueRenderOption}' is not ToString, Formula, FormattedValue or UnformattedValue");
        if (!RenderOptions.TryParseDateTimeRenderOption(dateTimeRenderOption, out var dateOption))
            throw FeishuErrors.SheetsV2WrongRange.With($"dateTimeRenderOption '{dateTimeRenderOption}' is not FormattedString");

        var sheet = await sheets.FindSheetAsync(token, parsed.SheetId, ct)
            ?? throw FeishuErrors.SheetsV2SheetIdNotFound.With($"no sheet {parsed.SheetId}");
        if (parsed.Clamp(sheet.Layout.RowCount, sheet.Layout.ColumnCount) is not { } rect)
            return new ValuesResult("", []);
        if (rect.CellCount > MaxCells)
            throw FeishuErrors.SheetsV2TooLargeResponse.With($"the range holds {rect.CellCount} cells; read it in parts");

        var rows = await sheets.ReadRowsAsync(token, sheet.SheetId, rect.StartRow, rect.EndRow, ct);
        var values = new List<IReadOnlyList<object?>>(rect.RowCount);
        var next = 0;
        for (var r = rect.StartRow; r <= rect.EndRow; r++)
        {
            var line = new object?[rect.ColumnCount];
            while (next < rows.Count && rows[next].Row < r) next++;
            if (next < rows.Count && rows[next].Row == r)
                foreach (var cell in rows[next].Cells)
                    if (cell.Column >= rect.StartColumn && cell.Column <= rect.EndColumn)
                        line[cell.Column - rect.StartColumn] = CellValueRenderer.Render(cell, valueOption, dateOption);
            values.Add(line);
        }
        return new ValuesResult(rect.ToString(), values);
    }
}
