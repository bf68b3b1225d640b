using System.Collections.Concurrent;
using System.Security.Cryptography;
using Inkport.Core.Drive;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using static Inkport.Storage.Tests.Samples;

namespace Inkport.Storage.Tests;

/// <summary>What every <see cref="IInkportStorage"/> promises. A backend is tested by a subclass that
/// says how to open its store; xunit makes a new instance per test, so each test has its own store.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    private readonly List<IInkportStorage> _opened = [];
    private readonly CancellationToken _ct = CancellationToken.None;
    private IInkportStorage _store = null!;

    /// <summary>Opens this test's store: empty the first time, the same data when opened again
    /// after the previous instance was disposed.</summary>
    protected abstract Task<IInkportStorage> OpenStoreAsync();

    /// <summary>Removes everything this test's store left behind.</summary>
    protected abstract Task DeleteStoreAsync();

    public async Task InitializeAsync() => _store = await OpenAsync();

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
            await storage.DisposeAsync();
        await DeleteStoreAsync();
    }

    private async Task<IInkportStorage> OpenAsync()
    {
        var storage = await OpenStoreAsync();
        _opened.Add(storage);
        return storage;
    }

    private async Task<IInkportStorage> ReopenAsync()
    {
        await _store.DisposeAsync();
        _store = await OpenAsync();
        return _store;
    }

    // ---- tokens ----

    [StoreFact]
    public async Task Token_round_trips_every_field()
    {
        var tenant = Token("cli_a", TokenKind.Tenant, null, T0);
        var user = Token("cli_a", TokenKind.User, "ou_1", T0);
        await _store.Tokens.InsertAsync(tenant, _ct);
        await _store.Tokens.InsertAsync(user, _ct);

        Assert.Equal(tenant, await _store.Tokens.FindAsync(tenant.Token, _ct));
        Assert.Equal(user, await _store.Tokens.FindAsync(user.Token, _ct));
        Assert.Null(await _store.Tokens.FindAsync("t-unknown", _ct));
    }

    [StoreFact]
    public async Task Token_find_latest_is_the_last_issued_of_that_app_kind_and_user()
    {
        var older = Token("cli_a", TokenKind.Tenant, null, T0);
        var latest = Token("cli_a", TokenKind.Tenant, null, T0 + TimeSpan.FromMinutes(5));
        var otherKind = Token("cli_a", TokenKind.App, null, T0 + TimeSpan.FromMinutes(9));
        var otherApp = Token("cli_b", TokenKind.Tenant, null, T0 + TimeSpan.FromMinutes(9));
        var userOld = Token("cli_a", TokenKind.User, "ou_1", T0);
        var userNew = Token("cli_a", TokenKind.User, "ou_1", T0 + TimeSpan.FromMinutes(1));
        var otherUser = Token("cli_a", TokenKind.User, "ou_2", T0 + TimeSpan.FromMinutes(9));
        // Inserted out of order: "latest" means issued last, not inserted last.
        foreach (var token in new[] { latest, older, otherKind, otherApp, userNew, userOld, otherUser })
            await _store.Tokens.InsertAsync(token, _ct);

        Assert.Equal(latest, await _store.Tokens.FindLatestAsync("cli_a", TokenKind.Tenant, null, _ct));
        Assert.Equal(otherKind, await _store.Tokens.FindLatestAsync("cli_a", TokenKind.App, null, _ct));
        Assert.Equal(userNew, await _store.Tokens.FindLatestAsync("cli_a", TokenKind.User, "ou_1", _ct));
        Assert.Null(await _store.Tokens.FindLatestAsync("cli_a", TokenKind.User, null, _ct));
        Assert.Null(await _store.Tokens.FindLatestAsync("cli_c", TokenKind.Tenant, null, _ct));
    }

    // ---- media ----

    [StoreFact]
    public async Task Media_round_trips_every_field_including_absent_ones()
    {
        var full = Media();
        var bare = Media() with { ImportObjType = null, ImportFileExtension = null, ParentType = "explorer", ParentNode = "fld_x" };
        await _store.Media.InsertAsync(full, _ct);
        await _store.Media.InsertAsync(bare, _ct);

        Assert.Equal(full, await _store.Media.GetAsync(full.FileToken, _ct));
        Assert.Equal(bare, await _store.Media.GetAsync(bare.FileToken, _ct));
        Assert.Null(await _store.Media.GetAsync("box_unknown", _ct));
    }

    [StoreFact]
    public async Task Media_delete_removes_only_that_file_and_ignores_unknown_tokens()
    {
        var gone = Media();
        var kept = Media();
        await _store.Media.InsertAsync(gone, _ct);
        await _store.Media.InsertAsync(kept, _ct);

        await _store.Media.DeleteAsync(gone.FileToken, _ct);
        await _store.Media.DeleteAsync("box_unknown", _ct);

        Assert.Null(await _store.Media.GetAsync(gone.FileToken, _ct));
        Assert.Equal(kept, await _store.Media.GetAsync(kept.FileToken, _ct));
    }

    [StoreFact]
    public async Task Media_are_listed_by_the_node_they_were_uploaded_into()
    {
        var first = Media() with { ParentType = "docx_image", ParentNode = "doc_a" };
        var second = Media() with { ParentType = "docx_file", ParentNode = "doc_a", CreatedAt = first.CreatedAt.AddSeconds(1) };
        var elsewhere = Media() with { ParentType = "docx_image", ParentNode = "doc_b" };
        foreach (var media in new[] { second, elsewhere, first }) await _store.Media.InsertAsync(media, _ct);

        Assert.Equal([first, second], await _store.Media.ListByParentAsync("doc_a", _ct));
        Assert.Equal([elsewhere], await _store.Media.ListByParentAsync("doc_b", _ct));
        Assert.Empty(await _store.Media.ListByParentAsync("doc_unknown", _ct));
    }

    // ---- drive ----

    [StoreFact]
    public async Task Drive_node_round_trips_every_field()
    {
        var root = Root("ou_1");
        var sheet = Child(root, NodeType.Sheet);
        await _store.Drive.InsertAsync(root, _ct);
        await _store.Drive.InsertAsync(sheet, _ct);

        Assert.Equal(root, await _store.Drive.GetAsync(root.Token, _ct));
        Assert.Equal(sheet, await _store.Drive.GetAsync(sheet.Token, _ct));
        Assert.Null(await _store.Drive.GetAsync("fld_unknown", _ct));
    }

    [StoreFact]
    public async Task Drive_root_is_inserted_once_and_then_returned()
    {
        Assert.Null(await _store.Drive.GetRootAsync("ou_1", _ct));
        var first = Root("ou_1");

        Assert.Equal(first, await _store.Drive.GetOrInsertRootAsync(first, _ct));
        Assert.Equal(first, await _store.Drive.GetOrInsertRootAsync(Root("ou_1"), _ct));
        Assert.Equal(first, await _store.Drive.GetRootAsync("ou_1", _ct));
        Assert.Null(await _store.Drive.GetRootAsync("ou_2", _ct));
    }

    [StoreFact]
    public async Task Drive_concurrent_get_or_insert_root_agree_on_one_root()
    {
        var candidates = Enumerable.Range(0, 8).Select(_ => Root("ou_1")).ToArray();

        var roots = await Task.WhenAll(candidates.Select(c => Task.Run(() => _store.Drive.GetOrInsertRootAsync(c, _ct))));

        Assert.Single(roots.Select(r => r.Token).Distinct());
        Assert.Contains(roots[0], candidates);
        Assert.Equal(roots[0], await _store.Drive.GetRootAsync("ou_1", _ct));
    }

    [StoreFact]
    public async Task Drive_counts_direct_children_only()
    {
        var root = Root("ou_1");
        await _store.Drive.InsertAsync(root, _ct);
        var folder = Child(root, NodeType.Folder);
        await _store.Drive.InsertAsync(folder, _ct);
        await _store.Drive.InsertAsync(Child(root), _ct);
        await _store.Drive.InsertAsync(Child(folder), _ct);

        Assert.Equal(2, await _store.Drive.CountChildrenAsync(root.Token, _ct));
        Assert.Equal(1, await _store.Drive.CountChildrenAsync(folder.Token, _ct));
        Assert.Equal(0, await _store.Drive.CountChildrenAsync("fld_unknown", _ct));
    }

    // ---- import tasks ----

    [StoreFact]
    public async Task Import_task_round_trips_every_field()
    {
        var queued = QueuedTask(T0);
        var held = QueuedTask(T0) with
        {
            State = ImportState.Processing, JobStatus = 2, JobErrorMsg = "working", DocumentToken = "doc_1",
            Extra = ["1000", "1001"], UpdatedAt = T0 + TimeSpan.FromSeconds(3), LeaseOwner = "worker-1",
            LeaseExpiresAt = T0 + TimeSpan.FromMinutes(1), Attempts = 2,
        };
        await _store.ImportTasks.InsertAsync(queued, _ct);
        await _store.ImportTasks.InsertAsync(held, _ct);

        AssertSameTask(queued, await _store.ImportTasks.GetAsync(queued.Ticket, _ct));
        AssertSameTask(held, await _store.ImportTasks.GetAsync(held.Ticket, _ct));
        Assert.Null(await _store.ImportTasks.GetAsync("7unknown", _ct));
    }

    [StoreFact]
    public async Task Claim_returns_null_when_nothing_is_claimable()
    {
        Assert.Null(await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct));
    }

    [StoreFact]
    public async Task Claim_takes_the_oldest_task_first_and_stores_the_claimed_task()
    {
        var newer = QueuedTask(T0 + TimeSpan.FromSeconds(2));
        var oldest = QueuedTask(T0);
        var middle = QueuedTask(T0 + TimeSpan.FromSeconds(1));
        foreach (var task in new[] { newer, oldest, middle })
            await _store.ImportTasks.InsertAsync(task, _ct);
        var now = T0 + TimeSpan.FromSeconds(10);

        var claimed = await _store.ImportTasks.ClaimNextAsync(now, ClaimBy("w1", now), _ct);

        Assert.NotNull(claimed);
        Assert.Equal(oldest.Ticket, claimed.Ticket);
        Assert.Equal(ImportState.Processing, claimed.State);
        Assert.Equal("w1", claimed.LeaseOwner);
        AssertSameTask(claimed, await _store.ImportTasks.GetAsync(oldest.Ticket, _ct));
        Assert.Equal(middle.Ticket, (await _store.ImportTasks.ClaimNextAsync(now, ClaimBy("w1", now), _ct))?.Ticket);
        Assert.Equal(newer.Ticket, (await _store.ImportTasks.ClaimNextAsync(now, ClaimBy("w1", now), _ct))?.Ticket);
        Assert.Null(await _store.ImportTasks.ClaimNextAsync(now, ClaimBy("w1", now), _ct));
    }

    [StoreFact]
    public async Task Claim_skips_a_held_lease_and_takes_it_over_once_expired()
    {
        var task = QueuedTask(T0);
        await _store.ImportTasks.InsertAsync(task, _ct);
        var first = await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct);
        Assert.NotNull(first);

        var beforeExpiry = T0 + Lease - TimeSpan.FromMilliseconds(1);
        Assert.Null(await _store.ImportTasks.ClaimNextAsync(beforeExpiry, ClaimBy("w2", beforeExpiry), _ct));

        var atExpiry = T0 + Lease;
        var takenOver = await _store.ImportTasks.ClaimNextAsync(atExpiry, ClaimBy("w2", atExpiry), _ct);
        Assert.NotNull(takenOver);
        Assert.Equal("w2", takenOver.LeaseOwner);
        Assert.Equal(first.DocumentToken, takenOver.DocumentToken);
        Assert.Equal(2, takenOver.Attempts);
        AssertSameTask(takenOver, await _store.ImportTasks.GetAsync(task.Ticket, _ct));
    }

    [StoreFact]
    public async Task Claim_orders_expired_leases_and_queued_tasks_together_by_age()
    {
        var oldest = QueuedTask(T0);
        var middle = QueuedTask(T0 + TimeSpan.FromSeconds(1));
        var newest = QueuedTask(T0 + TimeSpan.FromSeconds(2));
        await _store.ImportTasks.InsertAsync(oldest, _ct);
        await _store.ImportTasks.InsertAsync(middle, _ct);
        var start = T0 + TimeSpan.FromSeconds(3);
        await _store.ImportTasks.ClaimNextAsync(start, ClaimBy("w1", start), _ct);
        await _store.ImportTasks.ClaimNextAsync(start, ClaimBy("w1", start), _ct);
        await _store.ImportTasks.InsertAsync(newest, _ct);
        var expired = start + Lease;

        var order = new List<string?>();
        for (var i = 0; i < 3; i++)
            order.Add((await _store.ImportTasks.ClaimNextAsync(expired, ClaimBy("w2", expired), _ct))?.Ticket);

        Assert.Equal([oldest.Ticket, middle.Ticket, newest.Ticket], order);
    }

    [StoreFact]
    public async Task Claim_never_takes_finished_tasks()
    {
        var succeeded = QueuedTask(T0) with { State = ImportState.Succeeded, JobStatus = 0, DocumentToken = "doc_1" };
        var failed = QueuedTask(T0) with { State = ImportState.Failed, JobStatus = 112 };
        await _store.ImportTasks.InsertAsync(succeeded, _ct);
        await _store.ImportTasks.InsertAsync(failed, _ct);

        var far = T0 + TimeSpan.FromDays(1);
        Assert.Null(await _store.ImportTasks.ClaimNextAsync(far, ClaimBy("w1", far), _ct));
    }

    [StoreFact]
    public async Task Concurrent_claimers_never_claim_the_same_task()
    {
        var tasks = Enumerable.Range(0, 20).Select(i => QueuedTask(T0 + TimeSpan.FromMilliseconds(i))).ToArray();
        foreach (var task in tasks)
            await _store.ImportTasks.InsertAsync(task, _ct);
        var now = T0 + TimeSpan.FromSeconds(1);
        var claims = new ConcurrentBag<(string Worker, string Ticket)>();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var worker = $"w{w}";
            while (await _store.ImportTasks.ClaimNextAsync(now, ClaimBy(worker, now), _ct) is { } claimed)
                claims.Add((worker, claimed.Ticket));
        })));

        Assert.Equal(20, claims.Count);
        Assert.Equal(tasks.Select(t => t.Ticket).Order(), claims.Select(c => c.Ticket).Order());
        foreach (var (worker, ticket) in claims)
            Assert.Equal(worker, (await _store.ImportTasks.GetAsync(ticket, _ct))?.LeaseOwner);
    }

    [StoreFact]
    public async Task Renew_extends_the_lease_of_its_holder_only()
    {
        var task = QueuedTask(T0);
        await _store.ImportTasks.InsertAsync(task, _ct);
        await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct);
        var extended = T0 + TimeSpan.FromMinutes(5);

        Assert.False(await _store.ImportTasks.RenewLeaseAsync(task.Ticket, "w2", extended, _ct));
        Assert.Equal(T0 + Lease, (await _store.ImportTasks.GetAsync(task.Ticket, _ct))?.LeaseExpiresAt);
        Assert.True(await _store.ImportTasks.RenewLeaseAsync(task.Ticket, "w1", extended, _ct));
        Assert.Equal(extended, (await _store.ImportTasks.GetAsync(task.Ticket, _ct))?.LeaseExpiresAt);
        Assert.False(await _store.ImportTasks.RenewLeaseAsync("7unknown", "w1", extended, _ct));

        var afterOldLease = T0 + Lease + TimeSpan.FromSeconds(1);
        Assert.Null(await _store.ImportTasks.ClaimNextAsync(afterOldLease, ClaimBy("w2", afterOldLease), _ct));
    }

    [StoreFact]
    public async Task Complete_stores_the_task_and_inserts_the_document_node_together()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0, root.Token), _ct);
        var claimed = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var finishedAt = T0 + TimeSpan.FromSeconds(5);
        var finished = claimed.Succeed("w1", ["1002"], finishedAt);
        var document = Child(root, NodeType.Docx, claimed.DocumentToken);

        Assert.Equal(CompletionResult.Completed, await _store.ImportTasks.CompleteAsync(finished, "w1", document, 1500, 400_000, _ct));

        AssertSameTask(finished, await _store.ImportTasks.GetAsync(claimed.Ticket, _ct));
        Assert.Equal(document, await _store.Drive.GetAsync(document.Token, _ct));
        Assert.Equal(1, await _store.Drive.CountChildrenAsync(root.Token, _ct));
    }

    [StoreFact]
    public async Task Complete_of_a_failure_stores_the_task_without_a_node()
    {
        await _store.ImportTasks.InsertAsync(QueuedTask(T0), _ct);
        var claimed = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var failed = claimed.Fail("w1", 112, "format not supported", T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(CompletionResult.Completed, await _store.ImportTasks.CompleteAsync(failed, "w1", null, 1500, 400_000, _ct));

        AssertSameTask(failed, await _store.ImportTasks.GetAsync(claimed.Ticket, _ct));
    }

    [StoreFact]
    public async Task Complete_after_the_lease_was_lost_writes_nothing()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0, root.Token), _ct);
        var byW1 = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var later = T0 + Lease + TimeSpan.FromSeconds(1);
        var byW2 = (await _store.ImportTasks.ClaimNextAsync(later, ClaimBy("w2", later), _ct))!;
        var document = Child(root, NodeType.Docx, byW1.DocumentToken);

        var completed = await _store.ImportTasks.CompleteAsync(byW1.Succeed("w1", [], later), "w1", document, 1500, 400_000, _ct);

        Assert.Equal(CompletionResult.LeaseLost, completed);
        AssertSameTask(byW2, await _store.ImportTasks.GetAsync(byW1.Ticket, _ct));
        Assert.Null(await _store.Drive.GetAsync(document.Token, _ct));
        Assert.Equal(0, await _store.Drive.CountChildrenAsync(root.Token, _ct));
    }

    [StoreFact]
    public async Task Complete_whose_node_cannot_be_inserted_leaves_the_task_held()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0, root.Token), _ct);
        var claimed = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var clash = Child(root, NodeType.Docx, claimed.DocumentToken);
        await _store.Drive.InsertAsync(clash, _ct);

        await Assert.ThrowsAnyAsync<Exception>(() =>
            _store.ImportTasks.CompleteAsync(claimed.Succeed("w1", [], T0), "w1", clash with { Name = "again" }, 1500, 400_000, _ct));

        AssertSameTask(claimed, await _store.ImportTasks.GetAsync(claimed.Ticket, _ct));
        Assert.Equal(clash, await _store.Drive.GetAsync(clash.Token, _ct));
    }

    // ---- document parts ----

    private static DocumentPart Part(string kind, long seq, string? key = null, string text = "") =>
        new(kind, seq, key, System.Text.Encoding.UTF8.GetBytes(text.Length == 0 ? $"{kind}#{seq}" : text));

    private static void AssertSameParts(IEnumerable<DocumentPart> expected, IEnumerable<DocumentPart> actual) =>
        Assert.Equal(
            expected.Select(p => (p.Kind, p.Seq, p.Key, Convert.ToHexString(p.Data))),
            actual.Select(p => (p.Kind, p.Seq, p.Key, Convert.ToHexString(p.Data))));

    [StoreFact]
    public async Task Parts_are_read_back_by_range_in_seq_order()
    {
        var blocks = Enumerable.Range(0, 10).Select(i => Part("block", i, $"blk{i}")).Reverse().ToArray();
        await _store.Documents.PutPartsAsync("doc_1", blocks, _ct);
        await _store.Documents.PutPartsAsync("doc_1", [Part("rows", 0)], _ct);
        await _store.Documents.PutPartsAsync("doc_2", [Part("block", 3)], _ct);

        var page = await _store.Documents.GetPartsAsync("doc_1", "block", 3, 4, _ct);

        AssertSameParts(Enumerable.Range(3, 4).Select(i => Part("block", i, $"blk{i}")), page);
        Assert.Equal(2, (await _store.Documents.GetPartsAsync("doc_1", "block", 8, 100, _ct)).Count);
        Assert.Empty(await _store.Documents.GetPartsAsync("doc_1", "block", 10, 100, _ct));
        Assert.Empty(await _store.Documents.GetPartsAsync("doc_1", "block", 0, 0, _ct));
        Assert.Empty(await _store.Documents.GetPartsAsync("doc_3", "block", 0, 100, _ct));
    }

    [StoreFact]
    public async Task Parts_with_the_same_seq_are_replaced()
    {
        await _store.Documents.PutPartsAsync("doc_1", [Part("block", 0, "a", "old"), Part("block", 1, "b")], _ct);
        await _store.Documents.PutPartsAsync("doc_1", [Part("block", 0, null, "new")], _ct);

        AssertSameParts([Part("block", 0, null, "new"), Part("block", 1, "b")],
            await _store.Documents.GetPartsAsync("doc_1", "block", 0, 10, _ct));
        Assert.Null(await _store.Documents.GetPartByKeyAsync("doc_1", "block", "a", _ct));
        Assert.Equal(2, await _store.Documents.CountPartsAsync("doc_1", "block", _ct));
    }

    [StoreFact]
    public async Task Parts_are_found_by_key_within_document_and_kind()
    {
        await _store.Documents.PutPartsAsync("doc_1", [Part("block", 0, "k0"), Part("block", 1, "k1"), Part("field", 0, "k1")], _ct);
        await _store.Documents.PutPartsAsync("doc_2", [Part("block", 7, "k1")], _ct);

        var found = await _store.Documents.GetPartByKeyAsync("doc_1", "block", "k1", _ct);

        Assert.NotNull(found);
        AssertSameParts([Part("block", 1, "k1")], [found]);
        Assert.Null(await _store.Documents.GetPartByKeyAsync("doc_1", "block", "k9", _ct));
        Assert.Null(await _store.Documents.GetPartByKeyAsync("doc_1", "rows", "k1", _ct));
    }

    [StoreFact]
    public async Task Parts_are_counted_per_kind_and_deleted_per_document()
    {
        await _store.Documents.PutPartsAsync("doc_1", [Part("block", 0), Part("block", 1), Part("rows", 0)], _ct);
        await _store.Documents.PutPartsAsync("doc_2", [Part("block", 0)], _ct);
        Assert.Equal(2, await _store.Documents.CountPartsAsync("doc_1", "block", _ct));
        Assert.Equal(1, await _store.Documents.CountPartsAsync("doc_1", "rows", _ct));

        await _store.Documents.DeleteDocumentAsync("doc_1", _ct);

        Assert.Equal(0, await _store.Documents.CountPartsAsync("doc_1", "block", _ct));
        Assert.Equal(0, await _store.Documents.CountPartsAsync("doc_1", "rows", _ct));
        Assert.Equal(1, await _store.Documents.CountPartsAsync("doc_2", "block", _ct));
    }

    [StoreFact]
    public async Task Parts_keep_binary_data_intact()
    {
        var data = Enumerable.Range(0, 70_000).Select(i => (byte)(i * 31)).ToArray();
        await _store.Documents.PutPartsAsync("doc_1", [new DocumentPart("rows", 0, null, data), new DocumentPart("rows", 1, null, [])], _ct);

        var parts = await _store.Documents.GetPartsAsync("doc_1", "rows", 0, 10, _ct);

        Assert.Equal(data, parts[0].Data);
        Assert.Empty(parts[1].Data);
    }

    // ---- blobs ----

    [StoreFact]
    public async Task Blob_is_written_read_back_seekable_and_deleted()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes("# Title\n\nhello blob");
        Assert.Equal(bytes.Length, await _store.Blobs.WriteAsync("blob1", new MemoryStream(bytes), _ct));

        await using (var read = await _store.Blobs.OpenReadAsync("blob1", _ct))
        {
            Assert.NotNull(read);
            Assert.True(read.CanSeek);
            Assert.Equal(bytes.Length, read.Length);
            read.Seek(2, SeekOrigin.Begin);
            var rest = new MemoryStream();
            await read.CopyToAsync(rest);
            Assert.Equal(bytes[2..], rest.ToArray());
        }

        await _store.Blobs.DeleteAsync("blob1", _ct);
        Assert.Null(await _store.Blobs.OpenReadAsync("blob1", _ct));
        await _store.Blobs.DeleteAsync("blob1", _ct);
    }

    [StoreFact]
    public async Task Blob_that_was_never_written_is_null()
    {
        Assert.Null(await _store.Blobs.OpenReadAsync("nothing", _ct));
    }

    [StoreFact]
    public async Task Blob_write_whose_source_fails_leaves_nothing()
    {
        await Assert.ThrowsAsync<IOException>(() =>
            _store.Blobs.WriteAsync("broken", new ContentStream(1_000_000, failAfter: 300_000), _ct));

        Assert.Null(await _store.Blobs.OpenReadAsync("broken", _ct));
        Assert.Equal(10, await _store.Blobs.WriteAsync("broken", new ContentStream(10), _ct));
    }

    [StoreFact]
    public async Task Blob_write_that_is_cancelled_leaves_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _store.Blobs.WriteAsync("cancelled", new ContentStream(1_000_000), cancelled.Token));

        Assert.Null(await _store.Blobs.OpenReadAsync("cancelled", _ct));
    }

    [StoreFact]
    public async Task Blob_of_25_MB_streams_through_intact()
    {
        const long length = 25L * 1024 * 1024;
        using var source = new ContentStream(length);

        Assert.Equal(length, await _store.Blobs.WriteAsync("big", source, _ct));

        await using var read = await _store.Blobs.OpenReadAsync("big", _ct);
        Assert.NotNull(read);
        Assert.Equal(length, read.Length);
        Assert.Equal(source.Hash(), await SHA256.HashDataAsync(read));
    }

    // ---- rate counters ----

    [StoreFact]
    public async Task Rate_counter_counts_per_key_and_window()
    {
        var window = TimeSpan.FromMinutes(1);
        var w0 = T0;
        var w1 = T0 + window;

        Assert.Equal(1, await _store.RateCounters.IncrementAsync("app:a", w0, window, _ct));
        Assert.Equal(2, await _store.RateCounters.IncrementAsync("app:a", w0, window, _ct));
        Assert.Equal(1, await _store.RateCounters.IncrementAsync("app:b", w0, window, _ct));
        Assert.Equal(3, await _store.RateCounters.IncrementAsync("app:a", w0, window, _ct));
        Assert.Equal(1, await _store.RateCounters.IncrementAsync("app:a", w1, window, _ct));
        Assert.Equal(2, await _store.RateCounters.IncrementAsync("app:a", w1, window, _ct));
    }

    [StoreFact]
    public async Task Rate_counter_concurrent_increments_are_all_counted()
    {
        var window = TimeSpan.FromSeconds(1);

        var counts = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => _store.RateCounters.IncrementAsync("app:a", T0, window, _ct))));

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), counts.Order());
    }

    // ---- drive tree, permissions, grants ----

    [StoreFact]
    public async Task Completion_refuses_a_document_that_would_overfill_its_folder_or_drive()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        await _store.Drive.InsertAsync(Child(root, NodeType.Folder), _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0, root.Token), _ct);
        var claimed = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var document = Child(root, NodeType.Docx, claimed.DocumentToken);

        Assert.Equal(CompletionResult.TooManyChildren, await _store.ImportTasks.CompleteAsync(claimed.Succeed("w1", [], T0), "w1", document, 1, 100, _ct));
        Assert.Equal(CompletionResult.TooManyNodes, await _store.ImportTasks.CompleteAsync(claimed.Succeed("w1", [], T0), "w1", document, 100, 2, _ct));
        AssertSameTask(claimed, await _store.ImportTasks.GetAsync(claimed.Ticket, _ct));
        Assert.Null(await _store.Drive.GetAsync(document.Token, _ct));
    }

    [StoreFact]
    public async Task Insert_child_enforces_the_folder_and_drive_limits_atomically()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        var attempts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _store.Drive.InsertChildAsync(Child(root, NodeType.Folder), 5, 1000, _ct)));
        Assert.Equal(5, attempts.Count(r => r == PlacementResult.Inserted));
        Assert.Equal(15, attempts.Count(r => r == PlacementResult.TooManyChildren));
        Assert.Equal(5, await _store.Drive.CountChildrenAsync(root.Token, _ct));

        var folder = (await _store.Drive.ListChildrenAsync(root.Token, NodeOrder.CreatedTime, false, 0, 1, _ct)).Single();
        Assert.Equal(PlacementResult.TooManyNodes, await _store.Drive.InsertChildAsync(Child(folder, NodeType.Docx), 5, 6, _ct));
        Assert.Equal(PlacementResult.Inserted, await _store.Drive.InsertChildAsync(Child(folder, NodeType.Docx), 5, 7, _ct));
    }

    [StoreFact]
    public async Task Children_list_in_the_requested_order_and_pages()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        var nodes = Enumerable.Range(0, 5).Select(i => Child(root, NodeType.Docx) with
        {
            Name = $"n{i}", CreatedAt = T0 + TimeSpan.FromMinutes(i), ModifiedAt = T0 + TimeSpan.FromMinutes(10 - i),
        }).ToList();
        foreach (var node in nodes) await _store.Drive.InsertAsync(node, _ct);

        var created = await _store.Drive.ListChildrenAsync(root.Token, NodeOrder.CreatedTime, false, 0, 10, _ct);
        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], created.Select(n => n.Name));
        var editedDesc = await _store.Drive.ListChildrenAsync(root.Token, NodeOrder.EditedTime, true, 0, 10, _ct);
        Assert.Equal(["n0", "n1", "n2", "n3", "n4"], editedDesc.Select(n => n.Name));
        var page = await _store.Drive.ListChildrenAsync(root.Token, NodeOrder.CreatedTime, true, 1, 2, _ct);
        Assert.Equal(["n3", "n2"], page.Select(n => n.Name));
        Assert.Equal(nodes[0], created[0]);
    }

    [StoreFact]
    public async Task Deleting_a_folder_removes_its_subtree_and_memberships()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        var folder = Child(root, NodeType.Folder);
        var inner = Child(folder, NodeType.Folder);
        var doc = Child(inner, NodeType.Docx);
        var sibling = Child(root, NodeType.Sheet);
        foreach (var node in new[] { folder, inner, doc, sibling }) await _store.Drive.InsertAsync(node, _ct);
        await _store.Permissions.UpsertMemberAsync(new NodeMember(doc.Token, "ou_x", "openid", "ou_x", Permission.View), _ct);

        var removed = await _store.Drive.DeleteSubtreeAsync(folder.Token, _ct);

        Assert.Equal(new[] { folder.Token, inner.Token, doc.Token }.Order(), removed.Select(n => n.Token).Order());
        Assert.Null(await _store.Drive.GetAsync(doc.Token, _ct));
        Assert.NotNull(await _store.Drive.GetAsync(sibling.Token, _ct));
        Assert.Empty(await _store.Permissions.ListMembersAsync(doc.Token, _ct));
    }

    [StoreFact]
    public async Task Tenant_usage_sums_media_and_drive_files()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        await _store.Drive.InsertAsync(Child(root, NodeType.File) with { Size = 1000, BlobId = "b1" }, _ct);
        await _store.Drive.InsertAsync(Child(root, NodeType.Docx), _ct);
        await _store.Media.InsertAsync(Media() with { TenantKey = "tenant-1", Size = 234 }, _ct);
        await _store.Media.InsertAsync(Media() with { TenantKey = "tenant-2", Size = 99 }, _ct);
        Assert.Equal(1234, await _store.Drive.TenantUsageAsync("tenant-1", _ct));
        Assert.Equal(0, await _store.Drive.TenantUsageAsync("tenant-3", _ct));
    }

    [StoreFact]
    public async Task Members_are_upserted_listed_and_found_by_principal()
    {
        await _store.Permissions.UpsertMemberAsync(new NodeMember("node1", "ou_a", "openid", "ou_a", Permission.View), _ct);
        await _store.Permissions.UpsertMemberAsync(new NodeMember("node1", "ou_b", "email", "b@x", Permission.Edit), _ct);
        await _store.Permissions.UpsertMemberAsync(new NodeMember("node1", "ou_a", "userid", "a", Permission.FullAccess), _ct);
        await _store.Permissions.UpsertMemberAsync(new NodeMember("node2", "ou_a", "openid", "ou_a", Permission.Edit), _ct);

        var members = await _store.Permissions.ListMembersAsync("node1", _ct);
        Assert.Equal([new NodeMember("node1", "ou_a", "userid", "a", Permission.FullAccess), new NodeMember("node1", "ou_b", "email", "b@x", Permission.Edit)], members);
        var found = await _store.Permissions.FindMembershipsAsync(["node2", "node3", "node1"], "ou_a", _ct);
        Assert.Equal([Permission.Edit, Permission.FullAccess], found.Select(m => m.Permission).Order());
        Assert.Empty(await _store.Permissions.FindMembershipsAsync([], "ou_a", _ct));
    }

    [StoreFact]
    public async Task A_grant_is_consumed_exactly_once()
    {
        var grant = new OAuthGrant("code1", OAuthGrantKind.AuthorizationCode, "cli_a", "user1", "http://localhost/cb", "challenge", "S256",
            "drive:drive offline_access", T0, T0 + TimeSpan.FromMinutes(5));
        await _store.Grants.InsertAsync(grant, _ct);
        Assert.Equal(grant, await _store.Grants.FindAsync("code1", _ct));
        var consumed = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _store.Grants.TryConsumeAsync("code1", T0, _ct)));
        Assert.Equal(1, consumed.Count(c => c));
        Assert.Equal(T0, (await _store.Grants.FindAsync("code1", _ct))!.UsedAt);
        Assert.False(await _store.Grants.TryConsumeAsync("nope", T0, _ct));
        Assert.Null(await _store.Grants.FindAsync("nope", _ct));
    }

    [StoreFact]
    public async Task A_user_token_keeps_its_scope()
    {
        var token = Token("cli_a", TokenKind.User, "user1", T0) with { Scope = "drive:drive offline_access" };
        await _store.Tokens.InsertAsync(token, _ct);
        Assert.Equal(token, await _store.Tokens.FindAsync(token.Token, _ct));
    }

    // ---- upload sessions ----

    [StoreFact]
    public async Task Upload_session_round_trips_every_field_including_absent_ones()
    {
        var media = Session("tenant-1", T0) with { ImportObjType = "sheet", ImportFileExtension = "xlsx" };
        var file = Session("tenant-1", T0) with { Kind = UploadKind.DriveFile, ParentType = "explorer", ParentNode = "fldX" };
        await _store.UploadSessions.InsertAsync(media, _ct);
        await _store.UploadSessions.InsertAsync(file, _ct);

        Assert.Equal(media, await _store.UploadSessions.GetAsync(media.UploadId, _ct));
        Assert.Equal(file, await _store.UploadSessions.GetAsync(file.UploadId, _ct));
        Assert.Null(await _store.UploadSessions.GetAsync("7000000000000000000", _ct));
    }

    [StoreFact]
    public async Task Upload_parts_are_listed_in_seq_order_and_a_retry_replaces_its_block()
    {
        var session = Session("tenant-1", T0);
        await _store.UploadSessions.InsertAsync(session, _ct);

        Assert.Equal(new PartRecorded(true, null), await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 2, 10, "b2"), _ct));
        Assert.Equal(new PartRecorded(true, null), await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 0, 30, "b0"), _ct));
        Assert.Equal(new PartRecorded(true, "b2"), await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 2, 11, "b2-again"), _ct));

        Assert.Equal([new UploadPart(session.UploadId, 0, 30, "b0"), new UploadPart(session.UploadId, 2, 11, "b2-again")],
            await _store.UploadSessions.ListPartsAsync(session.UploadId, _ct));
    }

    [StoreFact]
    public async Task Upload_parts_of_a_removed_session_are_not_recorded()
    {
        var session = Session("tenant-1", T0);
        await _store.UploadSessions.InsertAsync(session, _ct);
        await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 0, 30, "b0"), _ct);

        Assert.Equal([new UploadPart(session.UploadId, 0, 30, "b0")], await _store.UploadSessions.DeleteAsync(session.UploadId, _ct));

        Assert.Null(await _store.UploadSessions.GetAsync(session.UploadId, _ct));
        Assert.Empty(await _store.UploadSessions.ListPartsAsync(session.UploadId, _ct));
        Assert.Equal(new PartRecorded(false, null), await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 1, 30, "b1"), _ct));
        Assert.Empty(await _store.UploadSessions.ListPartsAsync(session.UploadId, _ct));
        Assert.Null(await _store.UploadSessions.DeleteAsync(session.UploadId, _ct));
    }

    [StoreFact]
    public async Task Concurrent_removals_of_a_session_hand_its_parts_to_exactly_one()
    {
        var session = Session("tenant-1", T0);
        await _store.UploadSessions.InsertAsync(session, _ct);
        await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 0, 30, "b0"), _ct);

        var removals = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => _store.UploadSessions.DeleteAsync(session.UploadId, _ct))));

        Assert.Single(removals, r => r is not null);
    }

    [StoreFact]
    public async Task Expired_sessions_are_listed_oldest_first_up_to_the_limit()
    {
        var sessions = Enumerable.Range(0, 4).Select(i => Session("tenant-1", T0 + TimeSpan.FromHours(i))).ToList();
        foreach (var session in sessions.AsEnumerable().Reverse()) await _store.UploadSessions.InsertAsync(session, _ct);

        // Expiry is 24 hours after creation: half an hour past the third one's, three have expired.
        var now = T0 + TimeSpan.FromHours(26.5);
        Assert.Equal(sessions.Take(3).Select(s => s.UploadId), (await _store.UploadSessions.ListExpiredAsync(now, 10, _ct)).Select(s => s.UploadId));
        Assert.Equal(sessions.Take(2).Select(s => s.UploadId), (await _store.UploadSessions.ListExpiredAsync(now, 2, _ct)).Select(s => s.UploadId));
        Assert.Empty(await _store.UploadSessions.ListExpiredAsync(T0 + TimeSpan.FromHours(24), 10, _ct));
    }

    [StoreFact]
    public async Task Tenant_reservation_sums_the_declared_sizes_of_its_sessions()
    {
        await _store.UploadSessions.InsertAsync(Session("tenant-1", T0) with { Size = 100 }, _ct);
        await _store.UploadSessions.InsertAsync(Session("tenant-1", T0) with { Size = 23 }, _ct);
        await _store.UploadSessions.InsertAsync(Session("tenant-2", T0) with { Size = 7 }, _ct);

        Assert.Equal(123, await _store.UploadSessions.TenantReservedAsync("tenant-1", _ct));
        Assert.Equal(0, await _store.UploadSessions.TenantReservedAsync("tenant-3", _ct));
    }

    // ---- orphans, chore locks, queue watch ----

    [StoreFact]
    public async Task Orphan_blobs_are_the_old_enough_ones_that_nothing_names()
    {
        var media = Media();
        await _store.Media.InsertAsync(media, _ct);
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        var file = Child(root, NodeType.File) with { BlobId = Id("blob"), Size = 3 };
        await _store.Drive.InsertAsync(file, _ct);
        var session = Session("tenant-1", T0);
        await _store.UploadSessions.InsertAsync(session, _ct);
        var part = new UploadPart(session.UploadId, 0, 3, Id("blob"));
        await _store.UploadSessions.PutPartAsync(part, _ct);
        string[] orphans = [Id("blob"), Id("blob")];
        foreach (var blob in new[] { media.BlobId, file.BlobId!, part.BlobId }.Concat(orphans))
            await _store.Blobs.WriteAsync(blob, new MemoryStream([1, 2, 3]), _ct);

        Assert.Equal(orphans.Order(), (await _store.Orphans.ListOrphanBlobsAsync(TimeSpan.Zero, 10, _ct)).Order());
        Assert.Single(await _store.Orphans.ListOrphanBlobsAsync(TimeSpan.Zero, 1, _ct));
        Assert.Empty(await _store.Orphans.ListOrphanBlobsAsync(TimeSpan.FromHours(1), 10, _ct));

        await _store.Media.DeleteAsync(media.FileToken, _ct);
        Assert.Contains(media.BlobId, await _store.Orphans.ListOrphanBlobsAsync(TimeSpan.Zero, 10, _ct));
    }

    [StoreFact]
    public async Task Orphan_documents_have_parts_but_neither_a_node_nor_an_unfinished_import()
    {
        var root = Root("ou_owner");
        await _store.Drive.InsertAsync(root, _ct);
        var placed = Child(root, NodeType.Docx);
        await _store.Drive.InsertAsync(placed, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0, root.Token), _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0 + TimeSpan.FromSeconds(1), root.Token), _ct);
        var importing = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        var failed = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        await _store.ImportTasks.CompleteAsync(failed.Fail("w1", 108, "timeout", T0), "w1", null, 1500, 400_000, _ct);
        var gone = Id("doc");
        foreach (var document in new[] { placed.Token, importing.DocumentToken!, failed.DocumentToken!, gone })
            await _store.Documents.PutPartsAsync(document, [Part("block", 0), Part("block", 1)], _ct);

        Assert.Equal(new[] { failed.DocumentToken!, gone }.Order(), (await _store.Orphans.ListOrphanDocumentsAsync(10, _ct)).Order());
        Assert.Single(await _store.Orphans.ListOrphanDocumentsAsync(1, _ct));
    }

    [StoreFact]
    public async Task Unused_media_are_those_of_the_type_created_before_the_time_that_no_unfinished_import_reads()
    {
        var old = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 };
        var older = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 - TimeSpan.FromMinutes(1) };
        var recent = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 + TimeSpan.FromMinutes(10) };
        var otherType = Media() with { ParentType = "docx_image", CreatedAt = T0 };
        var queued = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 };
        var importing = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 };
        var imported = Media() with { ParentType = "ccm_import_open", CreatedAt = T0 };
        foreach (var media in new[] { old, older, recent, otherType, queued, importing, imported })
            await _store.Media.InsertAsync(media, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0) with { FileToken = importing.FileToken }, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0 + TimeSpan.FromSeconds(1)) with { FileToken = imported.FileToken }, _ct);
        await _store.ImportTasks.InsertAsync(QueuedTask(T0 + TimeSpan.FromSeconds(2)) with { FileToken = queued.FileToken }, _ct);
        await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct);
        var done = (await _store.ImportTasks.ClaimNextAsync(T0, ClaimBy("w1", T0), _ct))!;
        await _store.ImportTasks.CompleteAsync(done.Fail("w1", 129, "corrupt", T0), "w1", null, 1500, 400_000, _ct);

        var unused = await _store.Orphans.ListUnusedMediaAsync("ccm_import_open", T0 + TimeSpan.FromMinutes(5), 10, _ct);

        Assert.Equal(3, unused.Count);
        Assert.Equal(older, unused[0]);
        Assert.Equal(new[] { old.FileToken, imported.FileToken }.Order(), unused.Skip(1).Select(m => m.FileToken).Order());
        Assert.Single(await _store.Orphans.ListUnusedMediaAsync("ccm_import_open", T0 + TimeSpan.FromMinutes(5), 1, _ct));
    }

    [StoreFact]
    public async Task A_chore_lock_has_one_holder_at_a_time()
    {
        var first = await _store.ChoreLocks.TryAcquireAsync("chore-a", _ct);
        Assert.NotNull(first);
        Assert.Null(await _store.ChoreLocks.TryAcquireAsync("chore-a", _ct));
        var other = await _store.ChoreLocks.TryAcquireAsync("chore-b", _ct);
        Assert.NotNull(other);

        await first.DisposeAsync();
        await first.DisposeAsync();
        var again = await _store.ChoreLocks.TryAcquireAsync("chore-a", _ct);
        Assert.NotNull(again);
        Assert.Null(await _store.ChoreLocks.TryAcquireAsync("chore-b", _ct));
        await again.DisposeAsync();
        await other.DisposeAsync();
    }

    [StoreFact]
    public async Task Watchers_of_the_queue_hear_of_inserted_tasks_until_cancelled()
    {
        using var stop = new CancellationTokenSource();
        using var heard = new SemaphoreSlim(0);
        var watching = _store.ImportTasks.WatchInsertsAsync(() => heard.Release(), stop.Token);

        // A watch may take a moment to be set up (a LISTEN): insert until one is heard.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var wasHeard = false;
        while (!wasHeard && DateTime.UtcNow < deadline)
        {
            await _store.ImportTasks.InsertAsync(QueuedTask(T0), _ct);
            wasHeard = await heard.WaitAsync(TimeSpan.FromMilliseconds(200));
        }
        Assert.True(wasHeard, "no insert was heard within 10 s");

        await stop.CancelAsync();
        await watching.WaitAsync(TimeSpan.FromSeconds(10));
    }

    // ---- persistence ----

    [StoreFact]
    public async Task Everything_survives_closing_and_reopening()
    {
        var token = Token("cli_a", TokenKind.Tenant, null, T0);
        var media = Media();
        var root = Root("ou_owner");
        var task = QueuedTask(T0, root.Token) with { Extra = ["1000"] };
        await _store.Tokens.InsertAsync(token, _ct);
        await _store.Media.InsertAsync(media, _ct);
        await _store.Drive.InsertAsync(root, _ct);
        await _store.ImportTasks.InsertAsync(task, _ct);
        await _store.Documents.PutPartsAsync("doc_1", [Part("block", 0, "k")], _ct);
        await _store.Blobs.WriteAsync("blob1", new MemoryStream([1, 2, 3]), _ct);
        var session = Session("tenant-1", T0);
        await _store.UploadSessions.InsertAsync(session, _ct);
        await _store.UploadSessions.PutPartAsync(new UploadPart(session.UploadId, 0, 3, "blob1"), _ct);

        var reopened = await ReopenAsync();

        Assert.Equal(token, await reopened.Tokens.FindAsync(token.Token, _ct));
        Assert.Equal(media, await reopened.Media.GetAsync(media.FileToken, _ct));
        Assert.Equal(root, await reopened.Drive.GetRootAsync("ou_owner", _ct));
        AssertSameTask(task, await reopened.ImportTasks.GetAsync(task.Ticket, _ct));
        AssertSameParts([Part("block", 0, "k")], await reopened.Documents.GetPartsAsync("doc_1", "block", 0, 10, _ct));
        Assert.Equal(session, await reopened.UploadSessions.GetAsync(session.UploadId, _ct));
        Assert.Equal([new UploadPart(session.UploadId, 0, 3, "blob1")], await reopened.UploadSessions.ListPartsAsync(session.UploadId, _ct));
        await using var blob = await reopened.Blobs.OpenReadAsync("blob1", _ct);
        Assert.Equal(3, blob?.Length);
    }
}
