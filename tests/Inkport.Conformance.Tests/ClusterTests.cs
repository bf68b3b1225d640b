using System.Collections.Concurrent;
using System.Diagnostics;
using Inkport.Tests.Shared;
using Xunit.Abstractions;

namespace Inkport.Conformance.Tests;

/// <summary>Three server processes on one PostgreSQL database, imports spread across them, one killed with SIGKILL
/// in the middle: every task ends, each document exists once, and once the chores have run no byte is orphaned.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class ClusterTests(ITestOutputHelper output) : IAsyncLifetime
{
    private TestSchema _schema = null!;

    public async Task InitializeAsync() => _schema = await TestPostgres.CreateSchemaAsync();

    public async Task DisposeAsync() => await _schema.DisposeAsync();

    [PostgresFact]
    public async Task A_thousand_imports_across_three_processes_survive_one_killed()
    {
        const int imports = 1000;
        var servers = Enumerable.Range(0, 3).Select(_ => Server(_schema.ConnectionString, "--no-rate-limits")).ToArray();
        await Task.WhenAll(servers.Select(s => s.InitializeAsync())); // together: the migrations are applied once
        try
        {
            using var client = await ClusterClient.ConnectAsync(servers);
            var alive = new[] { true, true, true };
            var tickets = new ConcurrentBag<string>();
            var next = -1;
            var clock = Stopwatch.StartNew();

            // Eight clients, each sending its next import to the next live server in turn.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < imports)
                {
                    if (i == imports / 2 && alive[2])
                    {
                        alive[2] = false; // in the middle: server 2 holds claims and requests in flight
                        servers[2].Kill();
                    }
                    tickets.Add(await ImportOnSomeServerAsync(client, alive, i));
                }
            })));

            await WaitUntilAsync(async () => await _schema.ScalarAsync<long>(
                "SELECT COUNT(*) FROM import_tasks WHERE state IN ('Initializing', 'Processing')") == 0, TimeSpan.FromMinutes(3),
                () => servers[0].LogTail());
            output.WriteLine($"{imports} imports through 3 processes (one killed) in {clock.Elapsed.TotalSeconds:F1} s; " +
                $"{await _schema.ScalarAsync<long>("SELECT COUNT(*) FROM import_tasks WHERE attempts > 1")} taken over after a lost lease");

            // Every task ended, and every task this client knows of succeeded. A create that failed with its server
            // may still have made a task the client never heard of: counted from the table, not from the client.
            var tasks = await _schema.ScalarAsync<long>("SELECT COUNT(*) FROM import_tasks");
            var succeeded = await _schema.ScalarAsync<long>("SELECT COUNT(*) FROM import_tasks WHERE state = 'Succeeded'");
            Assert.Equal(imports, tickets.Count);
            Assert.Equal(0L, await _schema.ScalarAsync<long>(
                $"SELECT COUNT(*) FROM import_tasks WHERE state <> 'Succeeded' AND ticket IN ({string.Join(",", tickets.Select(t => $"'{t}'"))})"));
            Assert.InRange(tasks, imports, imports + 8);

            // Each document exists once: one drive node per succeeded task, all in the one folder, all distinct.
            var root = ClusterClient.Data(await ClusterClient.GetAsync(client[0], "/open-apis/drive/explorer/v2/root_folder/meta"), "root")["token"]!.GetValue<string>();
            Assert.Equal(succeeded, await _schema.ScalarAsync<long>($"SELECT COUNT(*) FROM drive_nodes WHERE parent_token = '{root}'"));
            Assert.Equal(succeeded, await _schema.ScalarAsync<long>("SELECT COUNT(DISTINCT document_token) FROM import_tasks WHERE state = 'Succeeded'"));
            Assert.Equal(succeeded, await _schema.ScalarAsync<long>(
                "SELECT COUNT(*) FROM import_tasks t JOIN drive_nodes n ON n.token = t.document_token WHERE t.state = 'Succeeded'"));

            // The chores run every second in the live processes: soon no blob is unnamed and no document unowned.
            await WaitUntilAsync(async () => await OrphansAsync() == 0, TimeSpan.FromSeconds(30), () => servers[0].LogTail());
        }
        finally
        {
            foreach (var server in servers) await server.DisposeAsync();
        }
    }

    private async Task<long> OrphansAsync() =>
        await _schema.ScalarAsync<long>("""
            SELECT COUNT(*) FROM blobs b
            WHERE NOT EXISTS (SELECT 1 FROM media_files m WHERE m.blob_id = b.blob_id)
              AND NOT EXISTS (SELECT 1 FROM drive_nodes n WHERE n.blob_id = b.blob_id)
              AND NOT EXISTS (SELECT 1 FROM upload_parts u WHERE u.blob_id = b.blob_id)
            """)
        + await _schema.ScalarAsync<long>("""
            SELECT COUNT(DISTINCT p.document_token) FROM document_parts p
            WHERE NOT EXISTS (SELECT 1 FROM drive_nodes n WHERE n.token = p.document_token)
              AND NOT EXISTS (SELECT 1 FROM import_tasks t WHERE t.document_token = p.document_token AND t.state IN ('Initializing', 'Processing'))
            """);

    /// <summary>Imports through server i mod 3, or the next live one; a call cut by the kill starts over elsewhere.</summary>
    private static async Task<string> ImportOnSomeServerAsync(ClusterClient client, bool[] alive, int i)
    {
        for (var attempt = 0; ; attempt++)
        {
            var server = Enumerable.Range(0, 3).Select(k => (i + attempt + k) % 3).First(k => alive[k]);
            try
            {
                return await ClusterClient.ImportMarkdownAsync(client[server], $"note{i}.md", $"# Note {i}\n\nImported through the cluster, item {i}.\n\n- one\n- two\n");
            }
            catch (HttpRequestException) when (attempt < 3)
            {
            }
        }
    }

    internal static InkportServer Server(string connectionString, params string[] more) => new()
    {
        Arguments =
        [
            "--storage", "postgres", "--connection", connectionString, "--Inkport:Import:LeaseSeconds=2", "--Inkport:Import:Workers=2",
            "--Inkport:Chores:IntervalSeconds=1", "--Inkport:Chores:OrphanMinimumAgeSeconds=5", "--Logging:LogLevel:Default=Warning", .. more,
        ],
    };

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan limit, Func<string> context)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"condition not met within {limit}\n--- a server's output ---\n{context()}");
            await Task.Delay(100);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresClusterCollection
{
    public const string Name = "PostgreSQL cluster";
}
