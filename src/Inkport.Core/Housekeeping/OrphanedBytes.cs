using Inkport.Core.Storage;

namespace Inkport.Core.Housekeeping;

public sealed record OrphanOptions
{
    /// <summary>How old an unnamed blob must be before it counts as orphaned: longer than any write takes to record
    /// its owner after the bytes are stored (an upload, a multipart assembly, a document's image).</summary>
    public TimeSpan MinimumBlobAge { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>The orphan chore: removes documents whose drive node and import are gone (an import abandoned after its
/// attempts, a crash between steps) and blobs that nothing names (a crash between storing bytes and recording
/// their owner).</summary>
public sealed class OrphanedBytes(IInkportStorage storage, OrphanOptions options)
{
    private const int Page = 100;

    /// <summary>Removes every orphan found; returns how many documents and blobs were removed.</summary>
    public async Task<int> RemoveAsync(CancellationToken ct)
    {
        var removed = await RemovePagesAsync(
            () => storage.Orphans.ListOrphanDocumentsAsync(Page, ct), token => storage.Documents.DeleteDocumentAsync(token, ct));
        removed += await RemovePagesAsync(
            () => storage.Orphans.ListOrphanBlobsAsync(options.MinimumBlobAge, Page, ct), blob => storage.Blobs.DeleteAsync(blob, ct));
        return removed;
    }

    private static async Task<int> RemovePagesAsync(Func<Task<IReadOnlyList<string>>> list, Func<string, Task> remove)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await list();
            // An orphan listed again was not removed: stop rather than loop on it.
            if (page.Any(removed.Contains))
                throw new InvalidOperationException($"orphan {page.First(removed.Contains)} was listed again after its removal");
            foreach (var id in page)
            {
                await remove(id);
                removed.Add(id);
            }
            if (page.Count < Page) return removed.Count;
        }
    }
}
