using System.Text;
using Inkport.Conversion;
using Inkport.Conversion.Model;
using Inkport.Core.Errors;
using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;

namespace Inkport.Core.Documents;

/// <summary>A stored block: the model block without its children, placed in the tree by ids.
/// <see cref="ImageToken"/> is the media token of an image block.</summary>
public sealed record StoredBlock(string BlockId, string ParentId, IReadOnlyList<string> Children, Block Block, string? ImageToken = null);

public sealed record DocxMeta(string DocumentId, string Title, int RevisionId, long BlockCount);

/// <summary>Block documents in the document store: one part per block in pre-order (seq = position, key = block id),
/// so a page of blocks or one block is read without loading the document.</summary>
public sealed class DocxDocuments(IInkportStorage storage, TimeProvider clock)
{
    private const string MetaKind = "docx.meta";
    private const string BlockKind = "docx.block";
    private const int WriteBatch = 500;

    /// <summary>05 §1.3: blocks page size default and max.</summary>
    public const int MaxPageSize = 500;

    public async Task SaveAsync(ImportTask task, string documentId, string title, DocxDocument document, CancellationToken ct)
    {
        var imageTokens = await SaveMediaAsync(task, documentId, document.Media, ct);
        var batch = new List<DocumentPart>(WriteBatch);
        var writer = new BlockPartWriter();
        long seq = 0;

        async Task Emit(StoredBlock block)
        {
            batch.Add(new DocumentPart(BlockKind, seq++, block.BlockId, writer.Write(block)));
            if (batch.Count == WriteBatch)
            {
                await storage.Documents.PutPartsAsync(documentId, batch, ct);
                batch.Clear();
            }
        }

        // Pre-order: a block is emitted before its children, so ids are assigned top-down.
        async Task Walk(Block block, string id, string parentId)
        {
            var children = block.Children ?? [];
            var childIds = children.Select(_ => Ids.Ids.Token()).ToArray();
            string? image = block.Image is { } img && img.MediaIndex >= 0 && img.MediaIndex < imageTokens.Count ? imageTokens[img.MediaIndex] : null;
            await Emit(new StoredBlock(id, parentId, childIds, block with { Children = null }, image));
            for (var i = 0; i < children.Count; i++) await Walk(children[i], childIds[i], id);
        }

        var page = new Block { Type = BlockType.Page, Elements = [TextElement.Run(title)], Children = document.Blocks };
        await Walk(page, documentId, "");
        await storage.Documents.PutPartsAsync(documentId,
            [.. batch, new DocumentPart(MetaKind, 0, null, PartJson.Serialize(new DocxMeta(documentId, title, 1, seq)))], ct);
    }

    private async Task<IReadOnlyList<string>> SaveMediaAsync(ImportTask task, string documentId, IReadOnlyList<MediaItem> items, CancellationToken ct)
    {
        var tokens = new List<string>(items.Count);
        foreach (var item in items)
        {
            var blobId = Ids.Ids.Token();
            var length = await storage.Blobs.WriteAsync(blobId, new MemoryStream(item.Bytes, writable: false), ct);
            var media = new MediaFile
            {
                FileToken = Ids.Ids.Token(), AppId = task.AppId, TenantKey = task.TenantKey, OwnerId = task.OwnerId,
                FileName = item.FileName, ParentType = "docx_image", ParentNode = documentId, Size = length,
                BlobId = blobId, CreatedAt = clock.GetUtcNow(),
            };
            await storage.Media.InsertAsync(media, ct);
            tokens.Add(media.FileToken);
        }
        return tokens;
    }

    public async Task<DocxMeta> GetMetaAsync(string documentId, CancellationToken ct)
    {
        var part = (await storage.Documents.GetPartsAsync(documentId, MetaKind, 0, 1, ct)).FirstOrDefault()
            ?? throw FeishuErrors.DocxNotFound.Exception();
        return PartJson.Deserialize<DocxMeta>(part.Data);
    }

    /// <summary>All blocks in pre-order, the page block first (05 §1.3).</summary>
    public async Task<Page<StoredBlock>> ListBlocksAsync(string documentId, string? pageToken, int pageSize, CancellationToken ct)
    {
        if (!PageTokens.TryDecode(pageToken, out var from)) throw FeishuErrors.DocxInvalidPageToken.Exception();
        var meta = await GetMetaAsync(documentId, ct);
        var parts = await storage.Documents.GetPartsAsync(documentId, BlockKind, from, pageSize, ct);
        var next = from + parts.Count;
        return new Page<StoredBlock>(parts.Select(p => PartJson.Deserialize<StoredBlock>(p.Data)).ToList(),
            next < meta.BlockCount ? PageTokens.Encode(next) : null, meta.BlockCount);
    }

    public async Task<StoredBlock> GetBlockAsync(string documentId, string blockId, CancellationToken ct)
    {
        var part = await storage.Documents.GetPartByKeyAsync(documentId, BlockKind, blockId, ct)
            ?? throw FeishuErrors.DocxNotFound.With($"no block {blockId} in document {documentId}");
        return PartJson.Deserialize<StoredBlock>(part.Data);
    }

    /// <summary>05 §1.2: the document as plain text, one line per text-bearing block (the title first).</summary>
    public async Task<string> RawContentAsync(string documentId, CancellationToken ct)
    {
        var text = new StringBuilder();
        for (long from = 0; ; )
        {
            var parts = await storage.Documents.GetPartsAsync(documentId, BlockKind, from, WriteBatch, ct);
            foreach (var part in parts)
            {
                var block = PartJson.Deserialize<StoredBlock>(part.Data).Block;
                if (block.Elements is not { } elements) continue;
                foreach (var element in elements) text.Append(element.Content);
                text.Append('\n');
            }
            if (parts.Count < WriteBatch) break;
            from += parts.Count;
        }
        return text.ToString();
    }
}
