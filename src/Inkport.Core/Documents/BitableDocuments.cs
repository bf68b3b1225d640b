using Inkport.Conversion;
using Inkport.Conversion.Bitable;
using Inkport.Conversion.Model;
using Inkport.Core.Errors;
using Inkport.Core.Storage;

namespace Inkport.Core.Documents;

public sealed record BitableMeta(string AppToken, string Name, int Revision, int TableCount);

public sealed record StoredField(string FieldId, BitableField Field);

public sealed record StoredTable(string TableId, string Name, int Index, IReadOnlyList<StoredField> Fields, long RecordCount);

/// <summary>A record as imported: its id and the raw cells of its row, rendered per field when read.</summary>
public sealed record StoredRecord(string RecordId, Cell[] Cells);

/// <summary>A record ready for the wire: field name → value in spec/07 §6 shape (empty fields omitted).</summary>
public sealed record RecordView(string RecordId, IReadOnlyDictionary<string, object> Fields);

/// <summary>Bitables in the document store: a part per table (seq = index, key = table id) holding its fields,
/// and its records in chunks of <see cref="RecordsPerChunk"/>, so a page of records reads one or two chunks.</summary>
public sealed class BitableDocuments(IInkportStorage storage)
{
    internal const string MetaKind = "bitable.meta";
    internal const string TableKind = "bitable.table";
    internal static string RecordsKind(string tableId) => "bitable.records:" + tableId;
    public const int RecordsPerChunk = 500;

    public BitableWriter OpenWriter(string appToken, string name, ConversionLimits limits, CancellationToken ct) =>
        new(storage.Documents, appToken, name, limits, ct);

    public async Task<BitableMeta> GetMetaAsync(string appToken, CancellationToken ct)
    {
        var part = (await storage.Documents.GetPartsAsync(appToken, MetaKind, 0, 1, ct)).FirstOrDefault()
            ?? throw FeishuErrors.BitableBaseNotFound.Exception();
        return PartJson.Deserialize<BitableMeta>(part.Data);
    }

    public async Task<IReadOnlyList<StoredTable>> GetTablesAsync(string appToken, CancellationToken ct)
    {
        var parts = await storage.Documents.GetPartsAsync(appToken, TableKind, 0, int.MaxValue, ct);
        return parts.Select(p => PartJson.Deserialize<StoredTable>(p.Data)).ToList();
    }

    public async Task<StoredTable> GetTableAsync(string appToken, string tableId, CancellationToken ct)
    {
        var part = await storage.Documents.GetPartByKeyAsync(appToken, TableKind, tableId, ct)
            ?? throw FeishuErrors.BitableTableNotFound.With($"no table {tableId}");
        return PartJson.Deserialize<StoredTable>(part.Data);
    }

    /// <summary>Records from position <paramref name="from"/>, at most <paramref name="count"/>, rendered per field.</summary>
    public async Task<IReadOnlyList<RecordView>> ReadRecordsAsync(string appToken, StoredTable table, long from, int count, CancellationToken ct)
    {
        if (count <= 0 || from >= table.RecordCount) return [];
        var last = Math.Min(from + count, table.RecordCount) - 1;
        var firstChunk = from / RecordsPerChunk;
        var parts = await storage.Documents.GetPartsAsync(appToken, RecordsKind(table.TableId), firstChunk, (int)(last / RecordsPerChunk - firstChunk + 1), ct);
        var views = new List<RecordView>(count);
        foreach (var part in parts)
        {
            var records = RowCodec.ReadRecords(part.Data);
            var chunkStart = part.Seq * RecordsPerChunk;
            for (var i = 0; i < records.Length; i++)
            {
                var position = chunkStart + i;
                if (position < from || position > last) continue;
                views.Add(Render(records[i], table.Fields));
            }
        }
        return views;
    }

    private static RecordView Render(StoredRecord record, IReadOnlyList<StoredField> fields)
    {
        var values = new Dictionary<string, object>();
        foreach (var cell in record.Cells)
        {
            if (cell.Column >= fields.Count) continue;
            var field = fields[cell.Column].Field;
            if (RecordValues.Render(cell, field) is { } value) values[field.Name] = value;
        }
        return new RecordView(record.RecordId, values);
    }
}

/// <summary>Turns a converter's sheets into tables as they stream: the first row of a sheet names the fields,
/// later rows become records (stored raw, in chunks, <see cref="RowCodec"/>), and the fields' types are inferred on the way.
/// Written as <see cref="SpreadsheetWriter"/> is; dispose it when the import fails.</summary>
public sealed class BitableWriter(IDocumentStore store, string appToken, string name, ConversionLimits limits, CancellationToken ct) : ISpreadsheetSink, IAsyncDisposable
{
    private const int ChunksPerWrite = 4;
    private readonly PartBatcher _parts = new(store, appToken, ChunksPerWrite, ct);
    private readonly RowCodec.ChunkWriter _chunk = RowCodec.ChunkWriter.ForRecords();
    private readonly Warnings _warnings = new();
    private BitableInference _inference = null!;
    private string _tableId = "";
    private string _tableName = "";
    private int _tableIndex = -1;
    private long _records;
    private bool _headerSeen;
    private bool _skipSheet;

    public IReadOnlyList<string> Warnings => _warnings.Codes;

    public void BeginSheet(string sheetName, bool hidden)
    {
        // 07 §7: tables per base; sheets beyond the limit are not imported.
        _skipSheet = _tableIndex + 1 >= limits.MaxBitableTables;
        if (_skipSheet) { _warnings.Add(ExtraCodes.BitableTooManyCells); return; }
        _tableIndex++;
        _tableId = Ids.Ids.TableId();
        _tableName = sheetName;
        _inference = new BitableInference(limits);
        _records = 0;
        _headerSeen = false;
    }

    public void AddRow(int rowIndex, IReadOnlyList<Cell> cells)
    {
        if (_skipSheet || cells.Count == 0) return;
        if (!_headerSeen)
        {
            _inference.Header(cells);
            _headerSeen = true;
            return;
        }
        _inference.Observe(cells);
        _chunk.AddRecord(Ids.Ids.RecordId(), cells);
        _records++;
        if (_chunk.Count == BitableDocuments.RecordsPerChunk) CloseChunk();
    }

    public void EndSheet(SheetLayout layout)
    {
        if (_skipSheet) return;
        CloseChunk();
        var fields = _inference.Fields().Select(f => new StoredField(Ids.Ids.FieldId(), f)).ToList();
        foreach (var code in _inference.Warnings) _warnings.Add(code);
        _parts.Add(new DocumentPart(BitableDocuments.TableKind, _tableIndex, _tableId,
            PartJson.Serialize(new StoredTable(_tableId, _tableName, _tableIndex, fields, _records))));
        _parts.Flush();
    }

    public async Task CompleteAsync()
    {
        _parts.Add(new DocumentPart(BitableDocuments.MetaKind, 0, null, PartJson.Serialize(new BitableMeta(appToken, name, 1, _tableIndex + 1))));
        await _parts.CompleteAsync();
    }

    /// <summary>Waits for the write in flight and returns the pooled encoding buffer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _parts.DisposeAsync();
        _chunk.Dispose();
    }

    private void CloseChunk()
    {
        if (_chunk.Count == 0) return;
        var seq = (_records - 1) / BitableDocuments.RecordsPerChunk;
        _parts.Add(new DocumentPart(BitableDocuments.RecordsKind(_tableId), seq, null, _chunk.ToArray()));
    }
}
