using Inkport.Storage.Sqlite;
using Inkport.Storage.Sqlite.Migrations;
using Inkport.Storage.Sqlite.Native;
using Inkport.Storage.Sqlite.Stores;

namespace Inkport.Storage.Tests;

/// <summary>What the embedded storage promises beyond the store contract: its folder, schema and files.</summary>
public sealed class SqliteStorageTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"inkport-test-{Guid.NewGuid():N}");
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose()
    {
        if (Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
    }

    private List<(long Version, long AppliedAt)> SchemaVersions()
    {
        using var connection = SqliteConnection.Open(Path.Combine(_dataDirectory, SqliteStorage.DatabaseFileName), TimeSpan.FromSeconds(1));
        using var statement = connection.Prepare("SELECT version, applied_at FROM schema_version ORDER BY version");
        var rows = new List<(long, long)>();
        while (statement.Step())
            rows.Add((statement.GetInt64(0), statement.GetInt64(1)));
        return rows;
    }

    private string Pragma(string name)
    {
        using var connection = SqliteConnection.Open(Path.Combine(_dataDirectory, SqliteStorage.DatabaseFileName), TimeSpan.FromSeconds(1));
        using var statement = connection.Prepare($"PRAGMA {name}");
        Assert.True(statement.Step());
        return statement.GetText(0);
    }

    [Fact]
    public async Task Open_creates_the_folder_with_database_and_blob_folder()
    {
        await using (SqliteStorage.Open(_dataDirectory))
        {
            Assert.True(File.Exists(Path.Combine(_dataDirectory, SqliteStorage.DatabaseFileName)));
            Assert.True(Directory.Exists(Path.Combine(_dataDirectory, "blobs")));
        }
        Assert.Equal("wal", Pragma("journal_mode"));
    }

    [Fact]
    public async Task Migrations_are_applied_once_however_often_the_storage_is_opened()
    {
        await (SqliteStorage.Open(_dataDirectory)).DisposeAsync();
        var first = SchemaVersions();
        await (SqliteStorage.Open(_dataDirectory)).DisposeAsync();

        Assert.Equal(SchemaMigrator.All.Select(m => (long)m.Version), first.Select(r => r.Version));
        Assert.Equal(first, SchemaVersions());
    }

    [Fact]
    public async Task A_folder_in_use_cannot_be_opened_a_second_time()
    {
        await using var storage = SqliteStorage.Open(_dataDirectory);

        Assert.ThrowsAny<IOException>(() => SqliteStorage.Open(_dataDirectory));
    }

    [Fact]
    public async Task Temporary_storage_keeps_nothing_after_dispose()
    {
        var storage = (SqliteStorage)SqliteStorage.OpenTemporary();
        await storage.Blobs.WriteAsync("blob1", new MemoryStream([1, 2, 3]), _ct);
        Assert.True(Directory.Exists(storage.DataDirectory));

        await storage.DisposeAsync();

        Assert.False(Directory.Exists(storage.DataDirectory));
    }

    [Fact]
    public async Task Failed_blob_writes_leave_no_temporary_files()
    {
        await using var storage = SqliteStorage.Open(_dataDirectory);

        await Assert.ThrowsAsync<IOException>(() => storage.Blobs.WriteAsync("broken", new ContentStream(500_000, failAfter: 100_000), _ct));

        Assert.Empty(Directory.EnumerateFiles(Path.Combine(_dataDirectory, "blobs"), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Leftovers_of_a_crashed_write_are_removed_on_open()
    {
        var incoming = Path.Combine(_dataDirectory, "blobs", ".incoming");
        Directory.CreateDirectory(incoming);
        await File.WriteAllTextAsync(Path.Combine(incoming, "half-written.tmp"), "partial");

        await using var storage = SqliteStorage.Open(_dataDirectory);

        Assert.Empty(Directory.EnumerateFiles(incoming));
    }

    [Fact]
    public async Task A_blob_id_is_written_once()
    {
        await using var storage = SqliteStorage.Open(_dataDirectory);
        await storage.Blobs.WriteAsync("blob1", new MemoryStream([1]), _ct);

        await Assert.ThrowsAsync<IOException>(() => storage.Blobs.WriteAsync("blob1", new MemoryStream([2, 2]), _ct));

        await using var read = await storage.Blobs.OpenReadAsync("blob1", _ct);
        Assert.Equal(1, read?.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    public async Task Blob_ids_that_could_leave_the_store_are_refused(string blobId)
    {
        await using var storage = SqliteStorage.Open(_dataDirectory);

        await Assert.ThrowsAsync<ArgumentException>(() => storage.Blobs.WriteAsync(blobId, new MemoryStream([1]), _ct));
    }

    [Fact]
    public async Task A_drive_node_needs_an_existing_parent()
    {
        await using var storage = SqliteStorage.Open(_dataDirectory);
        var orphan = Samples.Child(Samples.Root("ou_1"));

        var error = await Assert.ThrowsAsync<SqliteException>(() => storage.Drive.InsertAsync(orphan, _ct));

        Assert.Contains("FOREIGN KEY", error.Message);
    }

    [Fact]
    public void Sql_errors_carry_sqlite_message()
    {
        Directory.CreateDirectory(_dataDirectory);
        using var connection = SqliteConnection.Open(Path.Combine(_dataDirectory, "errors.db"), TimeSpan.FromSeconds(1));

        var error = Assert.Throws<SqliteException>(() => connection.Prepare("SELEC 1"));

        Assert.Contains("syntax error", error.Message);
    }

    [Fact]
    public async Task Rate_counters_of_ended_windows_are_evicted()
    {
        var counters = new InProcessRateCounterStore();
        var window = TimeSpan.FromMinutes(1);
        foreach (var key in new[] { "app:a", "app:b", "app:c" })
            await counters.IncrementAsync(key, Samples.T0, window, _ct);
        await counters.IncrementAsync("app:a", Samples.T0 + window, window, _ct);
        Assert.Equal(4, counters.TrackedWindows);

        await counters.IncrementAsync("app:a", Samples.T0 + 2 * window, window, _ct);

        Assert.Equal(2, counters.TrackedWindows);
    }
}
