using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Imports;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

namespace Inkport.Core.Tests.Imports;

/// <summary>Create-time rules that the HTTP suite cannot reach yet (sources over 20 MB need multipart upload),
/// against the real embedded store.</summary>
public sealed class ImportServiceTests : IAsyncLifetime
{
    private sealed class NoSignal : IImportSignal { public void TaskQueued() { } }

    private IInkportStorage _storage = null!;
    private ImportService _imports = null!;
    private readonly Caller _caller = new("cli_a", "tenant", null, "ou_a");

    public Task InitializeAsync()
    {
        _storage = SqliteStorage.OpenTemporary();
        _imports = new ImportService(_storage, new ImportSources(_storage), new DriveService(_storage.Drive, _storage.Permissions, new DriveLimits(), TimeProvider.System), new NoSignal(), TimeProvider.System);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _storage.DisposeAsync();

    private async Task<string> StageAsync(string extension, string objType, long size)
    {
        var media = new MediaFile
        {
            FileToken = Ids.Ids.Token(), AppId = _caller.AppId, TenantKey = _caller.TenantKey, OwnerId = _caller.OwnerId,
            FileName = "big." + extension, ParentType = MediaUploads.ImportParentType, Size = size, ImportObjType = objType,
            ImportFileExtension = extension, BlobId = Ids.Ids.Token(), CreatedAt = TimeProvider.System.GetUtcNow(),
        };
        await _storage.Media.InsertAsync(media, CancellationToken.None);
        return media.FileToken;
    }

    [Theory]
    [InlineData("csv", "sheet", 20L * 1024 * 1024)]
    [InlineData("csv", "bitable", 100L * 1024 * 1024)]
    [InlineData("xls", "sheet", 20L * 1024 * 1024)]
    [InlineData("xlsx", "sheet", 800L * 1024 * 1024)]
    [InlineData("docx", "docx", 600L * 1024 * 1024)]
    [InlineData("md", "docx", 20L * 1024 * 1024)]
    public async Task Each_format_accepts_its_limit_and_refuses_a_byte_more(string extension, string type, long limit)
    {
        var atLimit = await StageAsync(extension, type, limit);
        await _imports.CreateAsync(_caller, new ImportRequest(extension, atLimit, type, null, 1, ""), CancellationToken.None);

        var over = await StageAsync(extension, type, limit + 1);
        var error = await Assert.ThrowsAsync<FeishuException>(() => _imports.CreateAsync(_caller, new ImportRequest(extension, over, type, null, 1, ""), CancellationToken.None));
        Assert.Equal(FeishuErrors.ImportFileSizeOverLimit, error.Error);
    }

    [Fact]
    public void The_matrix_is_the_one_of_the_2024_guide()
    {
        var pairs = ImportFormats.All.Select(f => $"{f.Extension}>{f.Target.WireName()}").Order().ToArray();
        Assert.Equal(["csv>bitable", "csv>sheet", "doc>docx", "docx>docx", "html>docx", "mark>docx", "markdown>docx", "md>docx", "txt>docx", "xls>sheet", "xlsx>bitable", "xlsx>sheet"], pairs);
        Assert.Null(ImportFormats.Find("MD", ImportTarget.Docx)); // extensions match exactly
    }
}
