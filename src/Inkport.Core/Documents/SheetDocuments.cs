using Inkport.Conversion;
using Inkport.Conversion.Model;
using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Documents;

public sealed record SpreadsheetMeta(string Token, string Title, int SheetCount);

public sealed record SheetMeta(string SheetId, string Title, int Index, bool Hidden, SheetLayout Layout);

/// <summary>A stored row: 0-based index and its non-empty cells.</summary>
public sealed record StoredRow(int Row, Cell[] Cells);

/// <summary>Spreadsheets in the document store: a part per sheet (seq = index, key = sheet id) and the rows
/// in fixed chunks of <see cref="RowsPerChunk"/> (seq = row / RowsPerChunk), so reading a range touches
/// only the chunks it covers.</summary>
public sealed class SheetDocuments(IInkportStorage storage)
{
    internal const string MetaKind = "sheet.meta";
    internal const string SheetKind = "sheet.sheet";
    internal static string RowsKind(string sheetId) => "sheet.rows:" + sheetId;
    public const int RowsPerChunk = 256;

    /// <summary>A sink that writes the converter's rows straight into the store, chunk by chunk.</summary>
    public SpreadsheetWriter OpenWriter(string token, string title, CancellationToken ct) => new(storage.Documents, token, title, ct);

    public async Task<SpreadsheetMeta> GetMetaAsync(string token, CancellationToken ct)
    {
        var part = (await storage.Documents.GetPartsAsync(token, MetaKind, 0, 1, ct)).FirstOrDefault()
            ?? throw FeishuErrors.SheetsNotFound.Exception();
        return PartJson.Deserialize<SpreadsheetMeta>(part.Data);
    }

    public async Task<IReadOnlyList<SheetMeta>> GetSheetsAsync(string token, CancellationToken ct)
    {
        var parts = await storage.Documents.GetPartsAsync(token, SheetKind, 0, int.MaxValue, ct);
        return parts.Select(p => PartJson.Deserialize<SheetMeta>(p.Data)).ToList();
    }

    public async Task<SheetMeta?> FindSheetAsync(string token, string sheetId, CancellationToken ct)
    {
        var part = await storage.Documents.GetPartByKeyAsync(token, SheetKind, sheetId, ct);
        return part is null ? null : PartJson.Deserialize<SheetMeta>(part.Data);
    }

    /// <summary>Rows with index in [firstRow, lastRow], ascending; rows without cells are absent.</summary>
    public async Task<IReadOnlyList<StoredRow>> ReadRowsAsync(string token, string sheetId, int firstRow, int lastRow, CancellationToken ct)
    {
        if (lastRow < firstRow) return [];
        var firstChunk = firstRow / RowsPerChunk;
        var chunkCount = lastRow / RowsPerChunk - firstChunk + 1;
        var parts = await storage.Documents.GetPartsAsync(token, RowsKind(sheetId), firstChunk, chunkCount, ct);
        var rows = new List<StoredRow>();
        foreach (var part in parts.TakeWhile(p => p.Seq <= lastRow / RowsPerChunk))
            rows.AddRange(RowCodec.ReadRows(part.Data).Where(r => r.Row >= firstRow && r.Row <= lastRow));
        return rows;
    }
}

/// <summary>Receives a converter's rows and writes them in chunks. The sink interface is synchronous (converters
/// are pure, synchronous code), so it waits on the store when two batches are on their way (<see cref="PartBatcher"/>);
/// it runs on the thread a <see cref="HandoffSink"/> gives it beside the converter's, never a request thread. Rows are encoded as they arrive (<see cref="RowCodec"/>), so
/// the converter's cell lists are not copied. Dispose it when the import fails.</summary>
public sealed class SpreadsheetWriter(IDocumentStore store, string token, string title, CancellationToken ct) : ISpreadsheetSink, IAsyncDisposable
{
    private const int ChunksPerWrite = 8;
    private readonly PartBatcher _parts = new(store, token, ChunksPerWrite, ct);
    private readonly RowCodec.ChunkWriter _chunkRows = RowCodec.ChunkWriter.ForRows();
    private int _chunk = -1;
    private int _sheetIndex = -1;
    private string _sheetId = "";
    private string _sheetTitle = "";
    private bool _hidden;

    public IReadOnlyList<string> SheetIds => _sheetIds;
    private readonly List<string> _sheetIds = [];

    public void BeginSheet(string name, bool hidden)
    {
        _sheetIndex++;
        _sheetId = Ids.Ids.SheetId();
        _sheetIds.Add(_sheetId);
        _sheetTitle = name;
        _hidden = hidden;
        _chunk = -1;
    }

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        if (cells.Count == 0) return;
        var chunk = rowIndex / SheetDocuments.RowsPerChunk;
        if (chunk != _chunk) CloseChunk();
        _chunk = chunk;
        _chunkRows.AddRow(rowIndex, cells);
    }

    public void EndSheet(SheetLayout layout)
    {
        CloseChunk();
        _parts.Add(new DocumentPart(SheetDocuments.SheetKind, _sheetIndex, _sheetId,
            PartJson.Serialize(new SheetMeta(_sheetId, _sheetTitle, _sheetIndex, _hidden, layout))));
        _parts.Flush();
    }

    /// <summary>Writes the spreadsheet's own record once every sheet is in.</summary>
    public async Task CompleteAsync()
    {
        _parts.Add(new DocumentPart(SheetDocuments.MetaKind, 0, null, PartJson.Serialize(new SpreadsheetMeta(token, title, _sheetIndex + 1))));
        await _parts.CompleteAsync();
    }

    /// <summary>Waits for the write in flight and returns the pooled encoding buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _parts.DisposeAsync();
        _chunkRows.Dispose();
    }

    private void CloseChunk()
    {
        if (_chunkRows.Count == 0) return;
        _parts.Add(new DocumentPart(SheetDocuments.RowsKind(_sheetId), _chunk, null, _chunkRows.ToArray()));
    }
}
