using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Inkport.Tests.Shared;

namespace Inkport.Conformance.Tests;

/// <summary>Two server processes on one database, hammered at once through both: a folder's child limit and an
/// app's rate limits hold for the pair as they hold for one process.</summary>
[Collection(PostgresClusterCollection.Name)]
public sealed class RaceTests : IAsyncLifetime
{
    private const int MaxChildren = 12;
    private const int ImportTooManyRequests = 1069923;
    private const int OutOfSiblings = 1062507;
    private const int CanRetry = 1061045; // create_folder's rate limit (5 per second)

    private TestSchema _schema = null!;
    private InkportServer[] _servers = [];
    private ClusterClient _client = null!;

    public async Task InitializeAsync()
    {
        _schema = await TestPostgres.CreateSchemaAsync();
        _servers = [ClusterTests.Server(_schema.ConnectionString, $"--Inkport:Drive:MaxChildren={MaxChildren}"),
            ClusterTests.Server(_schema.ConnectionString, $"--Inkport:Drive:MaxChildren={MaxChildren}")];
        await Task.WhenAll(_servers.Select(s => s.InitializeAsync()));
        _client = await ClusterClient.ConnectAsync(_servers);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        foreach (var server in _servers) await server.DisposeAsync();
        await _schema.DisposeAsync();
    }

    [PostgresFact]
    public async Task Two_processes_never_put_more_than_the_limit_into_one_folder()
    {
        var root = ClusterClient.Data(await ClusterClient.GetAsync(_client[0], "/open-apis/drive/explorer/v2/root_folder/meta"), "root")["token"]!.GetValue<string>();
        var codes = new ConcurrentBag<int>();
        var clock = Stopwatch.StartNew();

        // Sixteen callers, alternating servers, for four seconds: create_folder admits 5 a second for the app, so about
        // twenty get past the rate limit and race for the folder's twelve places.
        await Task.WhenAll(Enumerable.Range(0, 16).Select(caller => Task.Run(async () =>
        {
            for (var n = 0; clock.Elapsed < TimeSpan.FromSeconds(4); n++)
            {
                var answer = await ClusterClient.PostJsonAsync(_client[(caller + n) % 2], "/open-apis/drive/v1/files/create_folder",
                    new { name = $"f{caller}-{n}", folder_token = root });
                codes.Add(answer["code"]!.GetValue<int>());
            }
        })));

        Assert.Equal(MaxChildren, codes.Count(c => c == 0));
        Assert.Contains(OutOfSiblings, codes);
        Assert.All(codes, c => Assert.Contains(c, new[] { 0, OutOfSiblings, CanRetry }));
        Assert.Equal((long)MaxChildren, await _schema.ScalarAsync<long>($"SELECT COUNT(*) FROM drive_nodes WHERE parent_token = '{root}'"));
        // The rate limit held too: never more than 5 admitted in one second, counted over both processes.
        var admitted = codes.Count(c => c != CanRetry);
        Assert.InRange(admitted, MaxChildren + 1, 5 * ((int)Math.Ceiling(clock.Elapsed.TotalSeconds) + 1));
    }

    [PostgresFact]
    public async Task Two_processes_admit_an_apps_hundred_import_creations_a_minute_once()
    {
        // All within one minute window: start early in a minute (the servers count whole wall-clock minutes).
        while (DateTime.UtcNow.Second > 40) await Task.Delay(250);
        var answers = await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(() =>
            ClusterClient.PostJsonAsync(_client[i % 2], "/open-apis/drive/v1/import_tasks", new
            {
                file_extension = "md", file_token = $"boxunknown{i}", type = "docx", point = new { mount_type = 1, mount_key = "" },
            }))));

        var limited = answers.Count(a => Code(a) == ImportTooManyRequests);
        // Admitted calls go on to validation and fail there (the file is unknown): they are the other 100.
        Assert.Equal(50, limited);
        Assert.DoesNotContain(answers, a => Code(a) == 0);
    }

    private static int Code(JsonNode answer) => answer["code"]!.GetValue<int>();
}
