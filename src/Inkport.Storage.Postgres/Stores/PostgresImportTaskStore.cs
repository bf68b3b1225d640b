using System.Text.Json;
using Inkport.Conversion;
using Inkport.Core.Drive;
using Inkport.Core.Imports;
using Inkport.Core.Storage;
using Npgsql;

namespace Inkport.Storage.Postgres.Stores;

internal sealed class PostgresImportTaskStore(Database database, string connectionString) : IImportTaskStore
{
    /// <summary>Inserting a task notifies this channel with the schema's name; every process listens.</summary>
    private const string QueuedChannel = "inkport_import_queued";

    private const string ColumnList = """
        ticket, app_id, tenant_key, owner_id, file_token, file_extension, target, file_name, folder_token,
        created_at, state, job_status, job_error_msg, document_token, extra, updated_at,
        lease_owner, lease_expires_at, attempts
        """;

    // Only what a transition can change; the task's identity and request stay as inserted.
    private const string UpdateColumns = """
        UPDATE import_tasks
        SET state = @state, job_status = @job_status, job_error_msg = @job_error_msg, document_token = @document_token,
            extra = @extra, updated_at = @updated_at, lease_owner = @lease_owner, lease_expires_at = @lease_expires_at,
            attempts = @attempts
        """;

    private static readonly string Initializing = Columns.Name(ImportState.Initializing);
    private static readonly string Processing = Columns.Name(ImportState.Processing);

    // The claim condition of the contract (and of the SQLite store): queued, or processing under an expired lease;
    // oldest first, insertion order breaking ties. The states are literals so the planner can use the partial
    // index of unfinished tasks; SKIP LOCKED lets concurrent claimers in any process pass a row being claimed.
    private static readonly string ClaimSql = $"""
        SELECT seq, {ColumnList} FROM import_tasks
        WHERE state = '{Initializing}' OR (state = '{Processing}' AND lease_expires_at <= @now)
        ORDER BY created_at, seq
        LIMIT 1
        FOR UPDATE SKIP LOCKED
        """;

    public Task InsertAsync(ImportTask task, CancellationToken ct) =>
        database.ExecuteAsync($"""
            WITH inserted AS (
                INSERT INTO import_tasks ({ColumnList})
                VALUES (@ticket, @app_id, @tenant_key, @owner_id, @file_token, @file_extension, @target, @file_name,
                        @folder_token, @created_at, @state, @job_status, @job_error_msg, @document_token, @extra,
                        @updated_at, @lease_owner, @lease_expires_at, @attempts)
                RETURNING 1)
            SELECT pg_notify('{QueuedChannel}', current_schema()) FROM inserted
            """, p =>
        {
            p.Text("ticket", task.Ticket)
                .Text("app_id", task.AppId)
                .Text("tenant_key", task.TenantKey)
                .Text("owner_id", task.OwnerId)
                .Text("file_token", task.FileToken)
                .Text("file_extension", task.FileExtension)
                .Text("target", Columns.Name(task.Target))
                .Text("file_name", task.FileName)
                .Text("folder_token", task.FolderToken)
                .Int64("created_at", Columns.Time(task.CreatedAt));
            BindMutable(p, task);
        }, ct);

    public Task<ImportTask?> GetAsync(string ticket, CancellationToken ct) =>
        database.QuerySingleAsync($"SELECT seq, {ColumnList} FROM import_tasks WHERE ticket = @ticket", p => p.Text("ticket", ticket), Read, ct);

    public Task<ImportTask?> ClaimNextAsync(DateTimeOffset now, Func<ImportTask, ImportTask> claim, CancellationToken ct) =>
        database.InTransactionAsync<ImportTask?>(async (connection, _) =>
        {
            var candidates = await Database.QueryAsync(connection, ClaimSql, p => p.Int64("now", Columns.Time(now)),
                row => (Seq: row.GetInt64(0), Task: Read(row)), ct);
            if (candidates.Count == 0) return (null, false);
            var (seq, candidate) = candidates[0];
            var claimed = claim(candidate);
            if (claimed.Ticket != candidate.Ticket)
                throw new InvalidOperationException($"the claim of {candidate.Ticket} returned task {claimed.Ticket}");
            await Database.ExecuteAsync(connection, UpdateColumns + " WHERE seq = @seq", p =>
            {
                p.Int64("seq", seq);
                BindMutable(p, claimed);
            }, ct);
            return (claimed, true);
        }, ct);

    public async Task<bool> RenewLeaseAsync(string ticket, string worker, DateTimeOffset until, CancellationToken ct) =>
        await database.ExecuteAsync("""
            UPDATE import_tasks SET lease_expires_at = @until
            WHERE ticket = @ticket AND state = @processing AND lease_owner = @worker
            """, p => p
            .Int64("until", Columns.Time(until))
            .Text("ticket", ticket)
            .Text("processing", Processing)
            .Text("worker", worker), ct) == 1;

    public Task<CompletionResult> CompleteAsync(ImportTask finished, string worker, DriveNode? document, int maxChildren, int maxNodes, CancellationToken ct) =>
        database.InTransactionAsync(async (connection, _) =>
        {
            var updated = await Database.ExecuteAsync(connection,
                UpdateColumns + " WHERE ticket = @ticket AND state = @processing AND lease_owner = @worker", p =>
                {
                    p.Text("ticket", finished.Ticket).Text("processing", Processing).Text("worker", worker);
                    BindMutable(p, finished);
                }, ct);
            if (updated == 0)
                return (CompletionResult.LeaseLost, false);
            if (document is not null)
            {
                var placed = await PostgresDriveStore.PlaceAsync(connection, document, maxChildren, maxNodes, ct);
                if (placed != PlacementResult.Inserted)
                    return (placed == PlacementResult.TooManyChildren ? CompletionResult.TooManyChildren : CompletionResult.TooManyNodes, false);
            }
            return (CompletionResult.Completed, true);
        }, ct);

    /// <summary>LISTENs on a connection of its own (outside the pool, with keepalives so a dead server is noticed);
    /// when the connection fails it reconnects after a pause — polling covers the gap.</summary>
    public async Task WatchInsertsAsync(Action inserted, CancellationToken ct)
    {
        var listenerConnection = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 }.ConnectionString;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(listenerConnection);
                await connection.OpenAsync(ct);
                var schema = await Database.ScalarAsync<string>(connection, "SELECT current_schema()", _ => { }, ct);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload == schema) inserted();
                };
                await Database.ExecuteAsync(connection, $"LISTEN {QueuedChannel}", _ => { }, ct);
                while (true) await connection.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), ct).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    private static void BindMutable(NpgsqlParameterCollection p, ImportTask task) => p
        .Text("state", Columns.Name(task.State))
        .Int32("job_status", task.JobStatus)
        .Text("job_error_msg", task.JobErrorMsg)
        .Text("document_token", task.DocumentToken)
        .Text("extra", JsonSerializer.Serialize(task.Extra))
        .Int64("updated_at", Columns.Time(task.UpdatedAt))
        .Text("lease_owner", task.LeaseOwner)
        .Int64("lease_expires_at", Columns.Time(task.LeaseExpiresAt))
        .Int32("attempts", task.Attempts);

    /// <summary>Reads the columns of <see cref="ColumnList"/> after a leading seq column.</summary>
    private static ImportTask Read(NpgsqlDataReader row) => new()
    {
        Ticket = row.GetString(1),
        AppId = row.GetString(2),
        TenantKey = row.GetString(3),
        OwnerId = row.GetString(4),
        FileToken = row.GetString(5),
        FileExtension = row.GetString(6),
        Target = Columns.Parse<ImportTarget>(row.GetString(7)),
        FileName = row.GetString(8),
        FolderToken = row.GetString(9),
        CreatedAt = Columns.Time(row.GetInt64(10)),
        State = Columns.Parse<ImportState>(row.GetString(11)),
        JobStatus = row.GetInt32(12),
        JobErrorMsg = row.GetString(13),
        DocumentToken = row.NullableText(14),
        Extra = JsonSerializer.Deserialize<string[]>(row.GetString(15)) ?? [],
        UpdatedAt = Columns.Time(row.GetInt64(16)),
        LeaseOwner = row.NullableText(17),
        LeaseExpiresAt = row.NullableInt64(18) is { } ms ? Columns.Time(ms) : null,
        Attempts = row.GetInt32(19),
    };
}
