using Inkport.Core.Housekeeping;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

namespace Inkport.Core.Tests.Housekeeping;

/// <summary>The orphan chore against the real embedded store: what has no owner goes, what has one stays.</summary>
public sealed class OrphanedBytesTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_760_000_000_000);
    private readonly CancellationToken _ct = CancellationToken.None;
    private IInkportStorage _storage = null!;

    public Task InitializeAsync()
    {
        _storage = SqliteStorage.OpenTemporary();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private OrphanedBytes Chore() => new(_storage, new OrphanOptions { MinimumBlobAge = TimeSpan.Zero }, new FixedClock(Now));

    [Fact]
    public async Task Removes_unnamed_blobs_orphaned_documents_and_expired_staged_uploads_and_keeps_the_rest()
    {
        var expired = await StageAsync(Now - TimeSpan.FromMinutes(6));
        var usable = await StageAsync(Now - TimeSpan.FromMinutes(4));
        await _storage.Blobs.WriteAsync("unnamed", new MemoryStream([1]), _ct);
        await _storage.Documents.PutPartsAsync("doc_without_node", [new DocumentPart("block", 0, null, [1])], _ct);

        Assert.Equal(3, await Chore().RemoveAsync(_ct)); // the document, the staged upload (with its blob), the unnamed blob

        Assert.Null(await _storage.Media.GetAsync(expired.FileToken, _ct));
        Assert.Null(await _storage.Blobs.OpenReadAsync(expired.BlobId, _ct));
        Assert.Null(await _storage.Blobs.OpenReadAsync("unnamed", _ct));
        Assert.Equal(0, await _storage.Documents.CountPartsAsync("doc_without_node", "block", _ct));
        Assert.NotNull(await _storage.Media.GetAsync(usable.FileToken, _ct));
        await using (var kept = await _storage.Blobs.OpenReadAsync(usable.BlobId, _ct)) Assert.NotNull(kept);
        Assert.Equal(0, await Chore().RemoveAsync(_ct));
    }

    [Fact]
    public async Task Removes_more_orphans_than_fit_in_one_page()
    {
        for (var i = 0; i < 250; i++)
            await _storage.Documents.PutPartsAsync($"doc{i}", [new DocumentPart("block", 0, null, [1])], _ct);

        Assert.Equal(250, await Chore().RemoveAsync(_ct));
        Assert.Empty(await _storage.Orphans.ListOrphanDocumentsAsync(10, _ct));
    }

    private async Task<MediaFile> StageAsync(DateTimeOffset createdAt)
    {
        var media = new MediaFile
        {
            FileToken = Ids.Ids.Token(), AppId = "cli_a", TenantKey = "tenant", OwnerId = "ou_owner", FileName = "a.md",
            ParentType = MediaUploads.ImportParentType, ParentNode = "", Size = 1, ImportObjType = "docx", ImportFileExtension = "md",
            BlobId = Ids.Ids.Token(), CreatedAt = createdAt,
        };
        await _storage.Blobs.WriteAsync(media.BlobId, new MemoryStream([1]), _ct);
        await _storage.Media.InsertAsync(media, _ct);
        return media;
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
