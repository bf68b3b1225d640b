using Inkport.Bench;
using Inkport.Conversion;
using Inkport.Core.Documents;
using Inkport.Core.Imports;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

internal enum StageKind { Convert, Encode, Sqlite }

/// <summary>One import's work up to a stage, repeatable in one process. The encode and sqlite stages run the
/// same Core writers the import worker runs (ImportProcessor.ConvertAsync), so the differences between the
/// stages are the costs of serialising parts and of writing them.</summary>
internal sealed class ImportStage : IAsyncDisposable
{
    private readonly IInkportStorage? _storage;
    private readonly CountingDocumentStore? _counter;

    private ImportStage(IInkportStorage? storage, CountingDocumentStore? counter)
    {
        _storage = storage;
        _counter = counter;
    }

    public static ImportStage Create(StageKind kind)
    {
        if (kind == StageKind.Convert) return new ImportStage(null, null);
        // The server's --in-memory storage: SQLite and blobs in a temporary folder, deleted on dispose.
        var sqlite = SqliteStorage.OpenTemporary();
        var counter = new CountingDocumentStore(kind == StageKind.Sqlite ? sqlite.Documents : null);
        return new ImportStage(new DocumentsReplaced(sqlite, counter), counter);
    }

    public async Task<string> RunAsync(string path, ImportFormat format)
    {
        var options = new ConversionOptions { FileName = Path.GetFileName(path) };
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var title = Path.GetFileNameWithoutExtension(path);
        if (_storage is null || _counter is null) return Convert(source, format, options);

        var token = Inkport.Core.Ids.Ids.Token();
        switch (format.Target)
        {
            case ImportTarget.Docx:
                var converted = format.DocxConverter!.Convert(source, options);
                await new DocxDocuments(_storage, TimeProvider.System).SaveAsync(Task(format, title), token, title, converted.Document, CancellationToken.None);
                break;
            case ImportTarget.Sheet:
                await using (var sheet = new SheetDocuments(_storage).OpenWriter(token, title, CancellationToken.None))
                {
                    await HandoffSink.ConvertAsync(format.SpreadsheetConverter!, source, options, sheet);
                    await sheet.CompleteAsync();
                }
                break;
            default:
                await using (var table = new BitableDocuments(_storage).OpenWriter(token, title, options.Limits, CancellationToken.None))
                {
                    await HandoffSink.ConvertAsync(format.SpreadsheetConverter!, source, options, table);
                    await table.CompleteAsync();
                }
                break;
        }
        return $"parts={_counter.Parts} part_bytes={_counter.Bytes}";
    }

    private static string Convert(Stream source, ImportFormat format, ConversionOptions options)
    {
        switch (format.Target)
        {
            case ImportTarget.Docx:
                var converted = format.DocxConverter!.Convert(source, options);
                return $"blocks={DocxCounts.Blocks(converted.Document.Blocks)} extra=[{string.Join(",", converted.Warnings)}]";
            case ImportTarget.Sheet:
                var counting = new CountingSink();
                var sheetWarnings = format.SpreadsheetConverter!.Convert(source, options, counting);
                return $"{counting} extra=[{string.Join(",", sheetWarnings)}]";
            default:
                var inference = new InferenceSink(options.Limits);
                var tableWarnings = format.SpreadsheetConverter!.Convert(source, options, inference);
                return $"{inference} extra=[{string.Join(",", tableWarnings)}]";
        }
    }

    /// <summary>DocxDocuments.SaveAsync takes the task for the owner of the images it stores.</summary>
    private static ImportTask Task(ImportFormat format, string title) => new()
    {
        Ticket = "bench", AppId = "bench", TenantKey = "bench", OwnerId = "bench", FileToken = "bench",
        FileExtension = format.Extension, Target = format.Target, FileName = title, FolderToken = "bench",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    public ValueTask DisposeAsync() => _storage?.DisposeAsync() ?? ValueTask.CompletedTask;
}

/// <summary>Counts the parts written to it (of the last document) and passes them on to the real store,
/// or keeps nothing when there is none.</summary>
internal sealed class CountingDocumentStore(IDocumentStore? inner) : IDocumentStore
{
    private string? _document;

    public long Parts { get; private set; }
    public long Bytes { get; private set; }

    public Task PutPartsAsync(string documentToken, IReadOnlyList<DocumentPart> parts, CancellationToken ct)
    {
        if (documentToken != _document) (_document, Parts, Bytes) = (documentToken, 0, 0);
        Parts += parts.Count;
        foreach (var part in parts) Bytes += part.Data.Length;
        return inner?.PutPartsAsync(documentToken, parts, ct) ?? Task.CompletedTask;
    }

    public Task<IReadOnlyList<DocumentPart>> GetPartsAsync(string documentToken, string kind, long fromSeq, int limit, CancellationToken ct) =>
        inner?.GetPartsAsync(documentToken, kind, fromSeq, limit, ct) ?? Task.FromResult<IReadOnlyList<DocumentPart>>([]);

    public Task<DocumentPart?> GetPartByKeyAsync(string documentToken, string kind, string key, CancellationToken ct) =>
        inner?.GetPartByKeyAsync(documentToken, kind, key, ct) ?? Task.FromResult<DocumentPart?>(null);

    public Task<long> CountPartsAsync(string documentToken, string kind, CancellationToken ct) =>
        inner?.CountPartsAsync(documentToken, kind, ct) ?? Task.FromResult(0L);

    public Task DeleteDocumentAsync(string documentToken, CancellationToken ct) =>
        inner?.DeleteDocumentAsync(documentToken, ct) ?? Task.CompletedTask;
}

/// <summary>A storage whose document store is replaced; everything else (images of a docx) is the real one.</summary>
internal sealed class DocumentsReplaced(IInkportStorage inner, IDocumentStore documents) : IInkportStorage
{
    public IBlobStore Blobs => inner.Blobs;
    public ITokenStore Tokens => inner.Tokens;
    public IMediaStore Media => inner.Media;
    public IDriveStore Drive => inner.Drive;
    public IImportTaskStore ImportTasks => inner.ImportTasks;
    public IDocumentStore Documents => documents;
    public IRateCounterStore RateCounters => inner.RateCounters;
    public IPermissionStore Permissions => inner.Permissions;
    public IGrantStore Grants => inner.Grants;
    public IUploadSessionStore UploadSessions => inner.UploadSessions;
    public IOrphanFinder Orphans => inner.Orphans;
    public IChoreLocks ChoreLocks => inner.ChoreLocks;
    public ValueTask DisposeAsync() => inner.DisposeAsync();
}
