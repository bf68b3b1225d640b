using System.Text.Json;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Imports;
using Inkport.Core.Storage;
using Inkport.Storage.Sqlite.Native;

namespace Inkport.Storage.Sqlite.Stores;

internal sealed class SqliteImportTaskStore(SqliteDatabase database) : IImportTaskStore
{
    // One process owns the database, so the watchers of inserts are all in this one.
    private readonly List<Action> _watchers = [];

    private const string SelectColumns = """
        SELECT ticket, app_id, tenant_key, owner_id, file_token, file_extension, target, file_name, folder_token,
               created_at, state, job_status, job_error_msg, document_token, extra, updated_at,
               lease_owner, lease_expires_at, attempts
        FROM import_tasks
        """;

    // Only what a transition can change; the task's identity and request stay as inserted.
    private const string UpdateColumns = """
        UPDATE import_tasks
        SET state = $state, job_status = $job_status, job_error_msg = $job_error_msg, document_token = $document_token,
            extra = $extra, updated_at = $updated_at, lease_owner = $lease_owner, lease_expires_at = $lease_expires_at,
            attempts = $attempts
        """;

    private static readonly string Processing = Columns.Name(ImportState.Processing);

    public async Task InsertAsync(ImportTask task, CancellationToken ct)
    {
        await Insert(task, ct);
        Action[] watchers;
        lock (_watchers) watchers = [.. _watchers];
        foreach (var watcher in watchers) watcher();
    }

    public async Task WatchInsertsAsync(Action inserted, CancellationToken ct)
    {
        lock (_watchers) _watchers.Add(inserted);
        try
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => { }, CancellationToken.None);
        }
        finally
        {
            lock (_watchers) _watchers.Remove(inserted);
        }
    }

    private Task Insert(ImportTask task, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            INSERT INTO import_tasks (ticket, app_id, tenant_key, owner_id, file_token, file_extension, target, file_name,
                                      folder_token, created_at, state, job_status, job_error_msg, document_token, extra,
                                      updated_at, lease_owner, lease_expires_at, attempts)
            VALUES ($ticket, $app_id, $tenant_key, $owner_id, $file_token, $file_extension, $target, $file_name,
                    $folder_token, $created_at, $state, $job_status, $job_error_msg, $document_token, $extra,
                    $updated_at, $lease_owner, $lease_expires_at, $attempts)
            """, s =>
        {
            s.BindText("$ticket", task.Ticket)
                .BindText("$app_id", task.AppId)
                .BindText("$tenant_key", task.TenantKey)
                .BindText("$owner_id", task.OwnerId)
                .BindText("$file_token", task.FileToken)
                .BindText("$file_extension", task.FileExtension)
                .BindText("$target", Columns.Name(task.Target))
                .BindText("$file_name", task.FileName)
                .BindText("$folder_token", task.FolderToken)
                .BindInt64("$created_at", Columns.Time(task.CreatedAt));
            BindMutable(s, task);
        }), ct);

    public Task<ImportTask?> GetAsync(string ticket, CancellationToken ct) =>
        database.ReadAsync(connection => Find(connection, ticket), ct);

    public Task<ImportTask?> ClaimNextAsync(DateTimeOffset now, Func<ImportTask, ImportTask> claim, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            // IMMEDIATE: the write lock is taken before the select, so no other connection
            // (in this process or another) can claim the same row in between.
            using var transaction = connection.BeginImmediate();
            var candidate = FindClaimable(connection, Columns.Time(now));
            if (candidate is null)
                return null;
            var claimed = claim(candidate);
            if (claimed.Ticket != candidate.Ticket)
                throw new InvalidOperationException($"the claim of {candidate.Ticket} returned task {claimed.Ticket}");
            connection.ExecuteNonQuery(UpdateColumns + " WHERE ticket = $ticket", s =>
            {
                s.BindText("$ticket", claimed.Ticket);
                BindMutable(s, claimed);
            });
            transaction.Commit();
            return claimed;
        }, ct);

    public Task<bool> RenewLeaseAsync(string ticket, string worker, DateTimeOffset until, CancellationToken ct) =>
        database.WriteAsync(connection => connection.ExecuteNonQuery("""
            UPDATE import_tasks SET lease_expires_at = $until
            WHERE ticket = $ticket AND state = $processing AND lease_owner = $worker
            """, s => s
            .BindInt64("$until", Columns.Time(until))
            .BindText("$ticket", ticket)
            .BindText("$processing", Processing)
            .BindText("$worker", worker)) == 1, ct);

    public Task<CompletionResult> CompleteAsync(ImportTask finished, string worker, DriveNode? document, int maxChildren, int maxNodes, CancellationToken ct) =>
        database.WriteAsync(connection =>
        {
            using var transaction = connection.BeginImmediate();
            var updated = connection.ExecuteNonQuery(
                UpdateColumns + " WHERE ticket = $ticket AND state = $processing AND lease_owner = $worker", s =>
                {
                    s.BindText("$ticket", finished.Ticket).BindText("$processing", Processing).BindText("$worker", worker);
                    BindMutable(s, finished);
                });
            if (updated == 0)
                return CompletionResult.LeaseLost;
            if (document is not null)
            {
                var placed = SqliteDriveStore.Place(connection, document, maxChildren, maxNodes);
                if (placed != PlacementResult.Inserted)
                    return placed == PlacementResult.TooManyChildren ? CompletionResult.TooManyChildren : CompletionResult.TooManyNodes;
            }
            transaction.Commit();
            return CompletionResult.Completed;
        }, ct);

    private static ImportTask? Find(SqliteConnection connection, string ticket)
    {
        using var statement = connection.Prepare($"{SelectColumns} WHERE ticket = $ticket");
        statement.BindText("$ticket", ticket);
        return statement.Step() ? Read(statement) : null;
    }

    private static ImportTask? FindClaimable(SqliteConnection connection, long nowMs)
    {
        // Oldest first; rowid (insertion order) breaks ties between tasks created in the same millisecond.
        // The oldest of each kind of claimable task is found through its own index, then the older one wins:
        // a plain OR would sort the whole backlog on every claim.
        using var statement = connection.Prepare($"""
            {SelectColumns}
            WHERE rowid = (
                SELECT id FROM (
                    SELECT * FROM (SELECT rowid AS id, created_at FROM import_tasks
                                   WHERE state = $initializing
                                   ORDER BY created_at, rowid LIMIT 1)
                    UNION ALL
                    SELECT * FROM (SELECT rowid AS id, created_at FROM import_tasks
                                   WHERE state = $processing AND lease_expires_at <= $now
                                   ORDER BY created_at, rowid LIMIT 1))
                ORDER BY created_at, id
                LIMIT 1)
            """);
        statement.BindText("$initializing", Columns.Name(ImportState.Initializing))
            .BindText("$processing", Processing)
            .BindInt64("$now", nowMs);
        return statement.Step() ? Read(statement) : null;
    }

    private static void BindMutable(SqliteStatement statement, ImportTask task) => statement
        .BindText("$state", Columns.Name(task.State))
        .BindInt64("$job_status", task.JobStatus)
        .BindText("$job_error_msg", task.JobErrorMsg)
        .BindText("$document_token", task.DocumentToken)
        .BindText("$extra", JsonSerializer.Serialize(task.Extra))
        .BindInt64("$updated_at", Columns.Time(task.UpdatedAt))
        .BindText("$lease_owner", task.LeaseOwner)
        .BindInt64("$lease_expires_at", Columns.Time(task.LeaseExpiresAt))
        .BindInt64("$attempts", task.Attempts);

    private static ImportTask Read(SqliteStatement row) => new()
    {
        Ticket = row.GetText(0),
        AppId = row.GetText(1),
        TenantKey = row.GetText(2),
        OwnerId = row.GetText(3),
        FileToken = row.GetText(4),
        FileExtension = row.GetText(5),
        Target = Columns.Parse<ImportTarget>(row.GetText(6)),
        FileName = row.GetText(7),
        FolderToken = row.GetText(8),
        CreatedAt = Columns.Time(row.GetInt64(9)),
        State = Columns.Parse<ImportState>(row.GetText(10)),
        JobStatus = (int)row.GetInt64(11),
        JobErrorMsg = row.GetText(12),
        DocumentToken = row.GetNullableText(13),
        Extra = JsonSerializer.Deserialize<string[]>(row.GetText(14)) ?? [],
        UpdatedAt = Columns.Time(row.GetInt64(15)),
        LeaseOwner = row.GetNullableText(16),
        LeaseExpiresAt = Columns.Time(row.GetNullableInt64(17)),
        Attempts = (int)row.GetInt64(18),
    };
}
