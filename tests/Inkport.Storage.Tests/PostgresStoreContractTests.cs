using Inkport.Core.Storage;
using Inkport.Storage.Postgres;
using Inkport.Tests.Shared;

namespace Inkport.Storage.Tests;

/// <summary>The store contract against PostgreSQL: each test in a schema of its own, dropped afterwards.</summary>
[RequiresTestPostgres]
public sealed class PostgresStoreContractTests : StoreContract
{
    private TestSchema? _schema;

    protected override async Task<IInkportStorage> OpenStoreAsync()
    {
        _schema ??= await TestPostgres.CreateSchemaAsync();
        return await PostgresStorage.OpenAsync(_schema.ConnectionString);
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_schema is not null) await _schema.DisposeAsync();
    }
}
