using Inkport.Core.Storage;

namespace Inkport.Core.Documents;

/// <summary>Removing a stored document removes what belongs to it alone: the media uploaded into it (the images an
/// import stored for it, and any a client added) with their bytes, then its parts. Every path that drops a document
/// (a failed or retried import, a deleted drive node, the orphan chore) goes through here.</summary>
public static class DocumentRemoval
{
    public static async Task RemoveDocumentAsync(this IInkportStorage storage, string documentToken, CancellationToken ct)
    {
        // Media first: should this stop half-way, the parts left make the document an orphan the chore removes
        // again, while media left without a document would be found by nothing.
        foreach (var media in await storage.Media.ListByParentAsync(documentToken, ct))
        {
            await storage.Media.DeleteAsync(media.FileToken, ct);
            await storage.Blobs.DeleteAsync(media.BlobId, ct);
        }
        await storage.Documents.DeleteDocumentAsync(documentToken, ct);
    }
}
