using System.Text;
using Inkport.Conversion;
using Inkport.Core.Documents;
using Inkport.Core.Drive;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

namespace Inkport.Core.Tests.Imports;

/// <summary>What happens to a queued import when the world changes before a worker runs it,
/// against the real embedded store: deleted folder (117), lost permission (116), quota (104).</summary>
public sealed class ImportProcessorTests : IAsyncLifetime
{
    private sealed class NoSignal : IImportSignal { public void TaskQueued() { } }

    private IInkportStorage _storage = null!;
    private readonly CancellationToken _ct = CancellationToken.None;
    private readonly Caller _owner = new("cli_a", "tenant", null, "ou_owner");
    private readonly Caller _editor = new("cli_a", "tenant", "editor", "ou_editor");

    public Task InitializeAsync()
    {
        _storage = SqliteStorage.OpenTemporary();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private (ImportService Imports, ImportProcessor Processor, DriveService Drive) Services(DriveLimits? limits = null)
    {
        var drive = new DriveService(_storage.Drive, _storage.Permissions, limits ?? new DriveLimits(), TimeProvider.System);
        var sources = new ImportSources(_storage);
        var imports = new ImportService(_storage, sources, drive, new NoSignal(), TimeProvider.System);
        var processor = new ImportProcessor(_storage, sources, drive, new DocxDocuments(_storage, TimeProvider.System),
            new SheetDocuments(_storage), new BitableDocuments(_storage), new ImportOptions(), TimeProvider.System);
        return (imports, processor, drive);
    }

    private async Task<string> StageAsync(Caller caller, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        var uploads = new MediaUploads(_storage, new DriveLimits(), TimeProvider.System);
        var staged = await uploads.StageAsync(new MemoryStream(bytes), bytes.Length.ToString(), _ct);
        var media = await uploads.CompleteAsync(caller, new Dictionary<string, string>
        {
            ["file_name"] = "a.md", ["parent_type"] = "ccm_import_open", ["size"] = bytes.Length.ToString(),
            ["extra"] = """{"obj_type":"docx","file_extension":"md"}""",
        }, staged, _ct);
        return media.FileToken;
    }

    private async Task<ImportTask> RunNextAsync(ImportProcessor processor)
    {
        var claimed = await processor.ClaimAsync("w1", _ct) ?? throw new InvalidOperationException("nothing queued");
        return await processor.ProcessAsync(claimed, "w1", _ct) ?? throw new InvalidOperationException("lease lost");
    }

    [Fact]
    public async Task A_folder_deleted_before_the_import_runs_fails_it_with_117()
    {
        var (imports, processor, drive) = Services();
        var folder = await drive.CreateFolderAsync(_owner, "target", "", _ct);
        await imports.CreateAsync(_owner, new ImportRequest("md", await StageAsync(_owner, "# x"), "docx", null, 1, folder.Token), _ct);
        await drive.DeleteAsync(_owner, folder.Token, "folder", _ct);
        var finished = await RunNextAsync(processor);
        Assert.Equal((ImportState.Failed, JobStatusCodes.MountPointMissing), (finished.State, finished.JobStatus));
    }

    [Fact]
    public async Task An_importer_who_lost_edit_permission_before_it_ran_fails_with_116()
    {
        var (imports, processor, drive) = Services();
        var folder = await drive.CreateFolderAsync(_owner, "shared", "", _ct);
        await drive.ShareAsync(_owner, folder, ("ou_editor", "tenant"), "openid", "ou_editor", Permission.Edit, _ct);
        await imports.CreateAsync(_editor, new ImportRequest("md", await StageAsync(_editor, "# x"), "docx", null, 1, folder.Token), _ct);
        await drive.ShareAsync(_owner, folder, ("ou_editor", "tenant"), "openid", "ou_editor", Permission.View, _ct);
        var finished = await RunNextAsync(processor);
        Assert.Equal((ImportState.Failed, JobStatusCodes.NoFolderPermission), (finished.State, finished.JobStatus));
    }

    [Fact]
    public async Task A_tenant_over_its_quota_fails_imports_with_104_and_within_it_succeeds()
    {
        var (imports, processor, _) = Services(new DriveLimits { TenantQuotaBytes = 10 });
        await imports.CreateAsync(_owner, new ImportRequest("md", await StageAsync(_owner, "# under the quota"), "docx", null, 1, ""), _ct);
        Assert.Equal(JobStatusCodes.StorageInsufficient, (await RunNextAsync(processor)).JobStatus);

        var (roomy, roomyProcessor, _) = Services(new DriveLimits { TenantQuotaBytes = 10_000 });
        await roomy.CreateAsync(_owner, new ImportRequest("md", await StageAsync(_owner, "# fits"), "docx", null, 1, ""), _ct);
        Assert.Equal(JobStatusCodes.Success, (await RunNextAsync(roomyProcessor)).JobStatus);
    }

    [Fact]
    public async Task The_staged_upload_is_removed_only_after_success()
    {
        var (imports, processor, _) = Services();
        var token = await StageAsync(_owner, "# done");
        await imports.CreateAsync(_owner, new ImportRequest("md", token, "docx", null, 1, ""), _ct);
        var media = await _storage.Media.GetAsync(token, _ct);
        Assert.Equal(JobStatusCodes.Success, (await RunNextAsync(processor)).JobStatus);
        Assert.Null(await _storage.Media.GetAsync(token, _ct));
        Assert.Null(await _storage.Blobs.OpenReadAsync(media!.BlobId, _ct));
    }
}
