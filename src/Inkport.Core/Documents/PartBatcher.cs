using Inkport.Core.Storage;

namespace Inkport.Core.Documents;

/// <summary>Parts on their way to the store in batches, one batch written while the next is filled: a writer
/// encodes synchronously (a spreadsheet's on the <see cref="HandoffSink"/>'s thread, a document's on the worker's)
/// while the store writes on its own, so encoding and writing overlap. At most two batches are held. Dispose it after a failure: it waits for the batch being
/// written, so nothing lands after the caller has removed the document.</summary>
internal sealed class PartBatcher(IDocumentStore store, string documentToken, int partsPerWrite, CancellationToken ct) : IAsyncDisposable
{
    private readonly List<DocumentPart> _pending = new(partsPerWrite);
    private Task _writing = Task.CompletedTask;

    public void Add(DocumentPart part)
    {
        _pending.Add(part);
        if (_pending.Count >= partsPerWrite) Flush();
    }

    /// <summary>Hands the pending parts to the store once the batch before them is written.</summary>
    public void Flush()
    {
        if (_pending.Count == 0) return;
        _writing.GetAwaiter().GetResult();
        _writing = store.PutPartsAsync(documentToken, _pending.ToArray(), ct);
        _pending.Clear();
    }

    /// <summary>Writes what is pending and waits for every write; a failed write is thrown here.</summary>
    public async Task CompleteAsync()
    {
        Flush();
        await _writing;
    }

    public async ValueTask DisposeAsync()
    {
        // A failed write was already thrown by CompleteAsync, or the caller is failing for its own reason.
        try { await _writing; }
        catch { }
    }
}
