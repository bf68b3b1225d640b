using Inkport.Core.Documents;
using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;

namespace Inkport.Core.Housekeeping;

public sealed record OrphanOptions
{
    /// <summary>How old an unnamed blob must be before it counts as orphaned: longer than any write takes to record
    /// its owner after the bytes are stored (an upload, a multipart assembly, a document's image).</summary>
    public TimeSpan MinimumBlobAge { get; init; } = TimeSpan.FromHours(1);
}

/// <summary>The orphan chore: removes documents whose drive node and import are gone (an import abandoned after its
/// attempts, a crash between steps), staged import uploads past the 5 minutes in which a task may use them and
/// that no running import reads (never imported, failed, or left by a crash before their import discarded them),
/// and blobs that nothing names (a crash between storing bytes and recording their owner).</summary>
public sealed class OrphanedBytes(IInkportStorage storage, OrphanOptions options, TimeProvider clock)
{
    private const int Page = 100;

    /// <summary>Removes every orphan found; returns how many documents and blobs were removed.</summary>
    public async Task<int> RemoveAsync(CancellationToken ct)
    {
        var removed = await RemovePagesAsync(
            () => storage.Orphans.ListOrphanDocumentsAsync(Page, ct), token => storage.RemoveDocumentAsync(token, ct));
        var expiredBefore = clock.GetUtcNow() - ImportService.UploadUsableFor;
        var staged = new Dictionary<string, MediaFile>(StringComparer.Ordinal);
        removed += await RemovePagesAsync(
            async () =>
            {
                var page = await storage.Orphans.ListUnusedMediaAsync(MediaUploads.ImportParentType, expiredBefore, Page, ct);
                foreach (var media in page) staged[media.FileToken] = media;
                return page.Select(m => m.FileToken).ToList();
            },
            async token =>
            {
                await storage.Media.DeleteAsync(token, ct);
                await storage.Blobs.DeleteAsync(staged[token].BlobId, ct);
            });
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
