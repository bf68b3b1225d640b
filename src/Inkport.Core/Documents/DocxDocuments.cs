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

/// <summary>A document's metadata. <see cref="BlockKey"/> seals its block ids (<see cref="BlockIds"/>).</summary>
public sealed record DocxMeta(string DocumentId, string Title, int RevisionId, long BlockCount, byte[] BlockKey);

/// <summary>Block documents in the document store: the blocks in pre-order, <see cref="BlocksPerPart"/> to a part
/// (seq = position / BlocksPerPart; a part is a JSON array of <see cref="StoredBlock"/>), so a page of blocks or
/// one block is read without loading the document, and a 20,000-block import writes 157 parts, not 20,000 rows.
/// A block id leads to its part by itself (<see cref="BlockIds"/>).</summary>
public sealed class DocxDocuments(IInkportStorage storage, TimeProvider clock)
{
    private const string MetaKind = "docx.meta";
    private const string BlockKind = "docx.blocks";
    private const int PartsPerWrite = 16;

    /// <summary>128 blocks of ~270 bytes: a part of ~35 KB, a listing page of 500 reads 5 of them.</summary>
    public const int BlocksPerPart = 128;

    /// <summary>05 §1.3: blocks page size default and max.</summary>
    public const int MaxPageSize = 500;

    public async Task SaveAsync(ImportTask task, string documentId, string title, DocxDocument document, CancellationToken ct)
    {
        var imageTokens = await SaveMediaAsync(task, documentId, document.Media, ct);
        var key = BlockIds.NewKey();
        using var ids = new BlockIds(documentId, key);
        var writer = new BlockPartWriter();
        var page = new Block { Type = BlockType.Page, Elements = [TextElement.Run(title)], Children = document.Blocks };

        await using var parts = new PartBatcher(storage.Documents, documentId, PartsPerWrite, ct);
        long count = 0;
        foreach (var (block, id, parentId, childIds) in PreOrder(page, ids))
        {
            string? image = block.Image is { } img && img.MediaIndex >= 0 && img.MediaIndex < imageTokens.Count ? imageTokens[img.MediaIndex] : null;
            writer.Add(new StoredBlock(id, parentId, childIds, block with { Children = null }, image));
            if (++count % BlocksPerPart == 0) parts.Add(new DocumentPart(BlockKind, count / BlocksPerPart - 1, null, writer.TakeArray()));
        }
        if (count % BlocksPerPart != 0) parts.Add(new DocumentPart(BlockKind, count / BlocksPerPart, null, writer.TakeArray()));
        parts.Add(new DocumentPart(MetaKind, 0, null, PartJson.Serialize(new DocxMeta(documentId, title, 1, count, key))));
        await parts.CompleteAsync();
    }

    /// <summary>Every block of the tree under <paramref name="root"/> (itself first) with its id, its parent's
    /// and its children's. Pre-order: a block's position is its parent's plus one plus the sizes of the
    /// subtrees before it, so the ids of the children are known when the parent is written.</summary>
    private static IEnumerable<(Block Block, string Id, string ParentId, string[] ChildIds)> PreOrder(Block root, BlockIds ids)
    {
        var sizes = new Dictionary<Block, long>(ReferenceEqualityComparer.Instance);
        long SizeOf(Block block)
        {
            long size = 1;
            foreach (var child in block.Children ?? []) size += SizeOf(child);
            sizes[block] = size;
            return size;
        }
        SizeOf(root);

        var stack = new Stack<(Block Block, long Position, string Id, string ParentId)>();
        stack.Push((root, 0, ids.IdOf(0), ""));
        while (stack.TryPop(out var item))
        {
            var children = item.Block.Children ?? [];
            var childIds = new string[children.Count];
            var positions = new long[children.Count];
            var next = item.Position + 1;
            for (var i = 0; i < children.Count; i++)
            {
                (positions[i], childIds[i]) = (next, ids.IdOf(next));
                next += sizes[children[i]];
            }
            yield return (item.Block, item.Id, item.ParentId, childIds);
            for (var i = children.Count - 1; i >= 0; i--) stack.Push((children[i], positions[i], childIds[i], item.Id));
        }
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
        var firstPart = from / BlocksPerPart;
        var parts = await storage.Documents.GetPartsAsync(documentId, BlockKind, firstPart,
            (int)((from + pageSize - 1) / BlocksPerPart - firstPart + 1), ct);
        var blocks = parts.SelectMany(ReadPart).Skip((int)(from - firstPart * BlocksPerPart)).Take(pageSize).ToList();
        return Page(blocks, from, pageSize, meta.BlockCount);
    }

    public async Task<StoredBlock> GetBlockAsync(string documentId, string blockId, CancellationToken ct) =>
        (await GetBlocksAsync(documentId, await GetMetaAsync(documentId, ct), [blockId], ct))[0];

    /// <summary>A page of a block's children, in order (05 §1.3).</summary>
    public async Task<Page<StoredBlock>> ListChildrenAsync(string documentId, string blockId, string? pageToken, int pageSize, CancellationToken ct)
    {
        var meta = await GetMetaAsync(documentId, ct);
        var parent = (await GetBlocksAsync(documentId, meta, [blockId], ct))[0];
        if (!PageTokens.TryDecode(pageToken, out var from) || from > parent.Children.Count)
            throw FeishuErrors.DocxInvalidPageToken.Exception();
        var ids = parent.Children.Skip((int)from).Take(pageSize).ToList();
        return Page(await GetBlocksAsync(documentId, meta, ids, ct), from, pageSize, parent.Children.Count);
    }

    /// <summary>05 §1.2: the document as plain text, one line per text-bearing block (the title first).</summary>
    public async Task<string> RawContentAsync(string documentId, CancellationToken ct)
    {
        const int PartsPerRead = 16;
        var text = new StringBuilder();
        for (long from = 0; ; from += PartsPerRead)
        {
            var parts = await storage.Documents.GetPartsAsync(documentId, BlockKind, from, PartsPerRead, ct);
            foreach (var part in parts)
                foreach (var stored in ReadPart(part))
                {
                    if (stored.Block.Elements is not { } elements) continue;
                    foreach (var element in elements) text.Append(element.Content);
                    text.Append('\n');
                }
            if (parts.Count < PartsPerRead) break;
        }
        return text.ToString();
    }

    /// <summary>The blocks of <paramref name="blockIds"/> in their order, each part read once.</summary>
    private async Task<IReadOnlyList<StoredBlock>> GetBlocksAsync(string documentId, DocxMeta meta, IReadOnlyList<string> blockIds, CancellationToken ct)
    {
        using var ids = new BlockIds(documentId, meta.BlockKey);
        var parts = new Dictionary<long, StoredBlock[]>();
        var blocks = new List<StoredBlock>(blockIds.Count);
        foreach (var blockId in blockIds)
        {
            if (!ids.TryPositionOf(blockId, out var position) || position >= meta.BlockCount)
                throw FeishuErrors.DocxNotFound.With($"no block {blockId} in document {documentId}");
            var seq = position / BlocksPerPart;
            if (!parts.TryGetValue(seq, out var part))
            {
                var stored = (await storage.Documents.GetPartsAsync(documentId, BlockKind, seq, 1, ct)).FirstOrDefault()
                    ?? throw FeishuErrors.DocxNotFound.With($"no block {blockId} in document {documentId}");
                parts[seq] = part = ReadPart(stored);
            }
            blocks.Add(part[position % BlocksPerPart]);
        }
        return blocks;
    }

    private static StoredBlock[] ReadPart(DocumentPart part) => PartJson.Deserialize<StoredBlock[]>(part.Data);

    private static Page<StoredBlock> Page(IReadOnlyList<StoredBlock> items, long from, int pageSize, long total)
    {
        var next = from + items.Count;
        return new Page<StoredBlock>(items, next < total ? PageTokens.Encode(next) : null, total);
    }
}
