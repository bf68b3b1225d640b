using Inkport.Conversion;
using Inkport.Conversion.Model;
using Inkport.Core.Documents;
using Inkport.Core.Errors;
using Inkport.Core.Imports;
using Inkport.Storage.Sqlite;

namespace Inkport.Core.Tests.Documents;

/// <summary>Blocks are stored many to a part; every way of reading them must see the tree as it was saved.</summary>
public sealed class DocxDocumentsTests : IAsyncLifetime
{
    private readonly Inkport.Core.Storage.IInkportStorage _storage = SqliteStorage.OpenTemporary();
    private DocxDocuments Docs => new(_storage, TimeProvider.System);

    [Fact]
    public async Task A_tree_across_many_parts_reads_back_in_pre_order_by_every_listing()
    {
        var (documentId, expected) = await SaveAsync(ManyBlocks());
        Assert.True(expected.Count > 3 * DocxDocuments.BlocksPerPart);

        foreach (var pageSize in new[] { 1, 7, DocxDocuments.BlocksPerPart, DocxDocuments.MaxPageSize })
        {
            var listed = new List<StoredBlock>();
            string? token = null;
            do
            {
                var page = await Docs.ListBlocksAsync(documentId, token, pageSize, CancellationToken.None);
                Assert.True(page.Items.Count <= pageSize);
                Assert.Equal(expected.Count, page.Total);
                listed.AddRange(page.Items);
                token = page.NextPageToken;
            } while (token is not null);
            Assert.Equal(expected.Select(Describe), listed.Select(Describe));
        }
    }

    [Fact]
    public async Task Every_block_is_found_by_its_id_and_its_children_by_their_parent()
    {
        var (documentId, blocks) = await SaveAsync(ManyBlocks());
        var listed = await ListAllAsync(documentId);
        Assert.Equal(documentId, listed[0].BlockId);
        Assert.Equal("", listed[0].ParentId);
        Assert.Equal(listed.Count, listed.Select(b => b.BlockId).Distinct().Count());
        Assert.All(listed.Skip(1), b => Assert.Matches("^doxcn[0-9A-Za-z]{22}$", b.BlockId));
        var byId = listed.ToDictionary(b => b.BlockId);

        foreach (var block in listed)
        {
            var found = await Docs.GetBlockAsync(documentId, block.BlockId, CancellationToken.None);
            Assert.Equal(Describe(block), Describe(found));
            if (block.ParentId != "") Assert.Contains(block.BlockId, byId[block.ParentId].Children);
            foreach (var child in block.Children) Assert.Equal(block.BlockId, byId[child].ParentId);
        }

        var table = listed.First(b => b.Block.Type == BlockType.Table);
        var cells = new List<StoredBlock>();
        string? token = null;
        do
        {
            var page = await Docs.ListChildrenAsync(documentId, table.BlockId, token, 3, CancellationToken.None);
            cells.AddRange(page.Items);
            token = page.NextPageToken;
        } while (token is not null);
        Assert.Equal(table.Children, cells.Select(c => c.BlockId));
        Assert.All(cells, c => Assert.Equal(BlockType.TableCell, c.Block.Type));
        Assert.Equal(blocks.Count, listed.Count);
    }

    [Fact]
    public async Task An_id_of_another_document_or_a_forged_one_is_not_found()
    {
        var (first, _) = await SaveAsync(ManyBlocks());
        var (second, _) = await SaveAsync(ManyBlocks());
        var theirs = (await ListAllAsync(second))[5].BlockId;
        var mine = (await ListAllAsync(first))[5].BlockId;
        var altered = mine[..^1] + (mine[^1] == 'a' ? 'b' : 'a');
        foreach (var id in new[] { theirs, altered, "doxcn" + new string('z', 22), "doxcn0000000000000000000000", "nonsense", second })
        {
            var error = await Assert.ThrowsAsync<FeishuException>(() => Docs.GetBlockAsync(first, id, CancellationToken.None));
            Assert.Equal(FeishuErrors.DocxNotFound.Code, error.Error.Code);
        }
    }

    [Fact]
    public async Task A_forged_page_token_or_one_past_the_children_is_refused()
    {
        var (documentId, _) = await SaveAsync(ManyBlocks());
        await Assert.ThrowsAsync<FeishuException>(() => Docs.ListBlocksAsync(documentId, "forged!", 10, CancellationToken.None));
        await Assert.ThrowsAsync<FeishuException>(() => Docs.ListChildrenAsync(documentId, documentId, PageTokens.Encode(10_000), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Raw_content_is_every_text_line_across_parts_in_order()
    {
        var (documentId, blocks) = await SaveAsync(ManyBlocks());
        var expected = string.Concat(blocks.Where(b => b.Elements is not null).Select(b => string.Concat(b.Elements!.Select(e => e.Content)) + "\n"));
        Assert.Equal(expected, await Docs.RawContentAsync(documentId, CancellationToken.None));
    }

    [Fact]
    public async Task Removing_a_document_removes_its_parts_and_the_images_stored_for_it_but_nothing_of_another()
    {
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        DocxDocument WithImage() => new()
        {
            Blocks = [new Block { Type = BlockType.Image, Image = new ImageProperty { MediaIndex = 0, Width = 1, Height = 1 } }],
            Media = [new MediaItem("dot.png", "image/png", png)],
        };
        var (removed, kept) = (Ids.Ids.Token(), Ids.Ids.Token());
        await Docs.SaveAsync(Task(), removed, "Title", WithImage(), CancellationToken.None);
        await Docs.SaveAsync(Task(), kept, "Title", WithImage(), CancellationToken.None);
        var image = Assert.Single(await _storage.Media.ListByParentAsync(removed, CancellationToken.None));
        Assert.Equal(image.FileToken, (await ListAllAsync(removed))[1].ImageToken);

        await _storage.RemoveDocumentAsync(removed, CancellationToken.None);

        Assert.Empty(await _storage.Media.ListByParentAsync(removed, CancellationToken.None));
        Assert.Null(await _storage.Blobs.OpenReadAsync(image.BlobId, CancellationToken.None));
        Assert.Equal(0, await _storage.Documents.CountPartsAsync(removed, "docx.meta", CancellationToken.None));
        var other = Assert.Single(await _storage.Media.ListByParentAsync(kept, CancellationToken.None));
        await using var bytes = await _storage.Blobs.OpenReadAsync(other.BlobId, CancellationToken.None);
        Assert.NotNull(bytes);
        Assert.Equal(2, (await ListAllAsync(kept)).Count);
    }

    /// <summary>Nested lists and a table in between plain paragraphs, enough for several parts.</summary>
    private static List<Block> ManyBlocks()
    {
        var blocks = new List<Block>();
        for (var i = 0; i < 150; i++)
        {
            blocks.Add(Block.Paragraph(TextElement.Run($"paragraph {i}")));
            if (i % 50 == 7)
                blocks.Add(new Block
                {
                    Type = BlockType.Bullet, Elements = [TextElement.Run($"item {i}")],
                    Children = [new Block { Type = BlockType.Bullet, Elements = [TextElement.Run($"nested {i}")], Children = [Block.Paragraph(TextElement.Run($"deep {i}"))] }],
                });
            if (i == 60)
                blocks.Add(new Block
                {
                    Type = BlockType.Table,
                    Table = new TableProperty { RowSize = 20, ColumnSize = 10, ColumnWidth = Enumerable.Repeat(100, 10).ToList(), MergeInfo = Enumerable.Repeat(MergeInfo.Single, 200).ToList() },
                    Children = Enumerable.Range(0, 200).Select(c => new Block { Type = BlockType.TableCell, Children = [Block.Paragraph(TextElement.Run($"cell {c}"))] }).ToList(),
                });
        }
        return blocks;
    }

    private async Task<(string DocumentId, List<Block> PreOrder)> SaveAsync(List<Block> blocks)
    {
        var documentId = Ids.Ids.Token();
        await Docs.SaveAsync(Task(), documentId, "Title", new DocxDocument { Blocks = blocks }, CancellationToken.None);
        var page = new Block { Type = BlockType.Page, Elements = [TextElement.Run("Title")], Children = blocks };
        return (documentId, PreOrder(page).ToList());
    }

    private async Task<List<StoredBlock>> ListAllAsync(string documentId)
    {
        var all = new List<StoredBlock>();
        string? token = null;
        do
        {
            var page = await Docs.ListBlocksAsync(documentId, token, DocxDocuments.MaxPageSize, CancellationToken.None);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        } while (token is not null);
        return all;
    }

    private static IEnumerable<Block> PreOrder(Block block)
    {
        yield return block;
        foreach (var child in block.Children ?? []) foreach (var b in PreOrder(child)) yield return b;
    }

    private static string Describe(Block block) => $"{block.Type}:{string.Concat((block.Elements ?? []).Select(e => e.Content))}:{block.Children?.Count ?? 0}";

    private static string Describe(StoredBlock stored) => $"{stored.Block.Type}:{string.Concat((stored.Block.Elements ?? []).Select(e => e.Content))}:{stored.Children.Count}";

    private static ImportTask Task() => new()
    {
        Ticket = "t", AppId = "a", TenantKey = "k", OwnerId = "o", FileToken = "f", FileExtension = "md",
        Target = ImportTarget.Docx, FileName = "Title", FolderToken = "d", CreatedAt = DateTimeOffset.UtcNow,
    };

    public Task InitializeAsync() => System.Threading.Tasks.Task.CompletedTask;

    public Task DisposeAsync() => _storage.DisposeAsync().AsTask();
}
