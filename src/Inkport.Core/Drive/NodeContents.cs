using Inkport.Core.Documents;
using Inkport.Core.Storage;

namespace Inkport.Core.Drive;

/// <summary>What removed nodes leave behind: a document's parts and media and a file's bytes are deleted with them.</summary>
public sealed class NodeContents(IInkportStorage storage)
{
    public async Task RemoveAsync(IReadOnlyList<DriveNode> removed, CancellationToken ct)
    {
        foreach (var node in removed)
        {
            if (node.Type is NodeType.Docx or NodeType.Sheet or NodeType.Bitable)
                await storage.RemoveDocumentAsync(node.Token, ct);
            if (node.BlobId is { } blob)
                await storage.Blobs.DeleteAsync(blob, ct);
        }
    }
}
