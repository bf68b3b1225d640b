using Inkport.Core.Storage;
using Inkport.Storage.Sqlite;

namespace Inkport.Storage.Tests;

public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"inkport-test-{Guid.NewGuid():N}");

    protected override Task<IInkportStorage> OpenStoreAsync() => Task.FromResult(SqliteStorage.Open(_dataDirectory));

    protected override Task DeleteStoreAsync()
    {
        if (Directory.Exists(_dataDirectory))
            Directory.Delete(_dataDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
