using System.Text;
using Inkport.Client.Tests.Infrastructure;
using Inkport.Tests.Shared;

namespace Inkport.Client.Tests;

/// <summary>Throttled calls are retried (honouring x-ogw-ratelimit-reset); rejected tokens are fetched again once.</summary>
public sealed class RetryAndTokenTests
{
    [Fact]
    public async Task Docx_reads_over_the_5_per_second_limit_are_retried_until_they_succeed()
    {
        using var host = new ServerHost(("Inkport:RateLimits", "true"));
        var (client, calls) = host.Client();
        using var _ = client;
        var document = await client.ImportAsync(new MemoryStream("# x"u8.ToArray()), "a.md", ImportType.Docx);

        var reads = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => client.Docx.GetDocumentAsync(document.Token)));

        Assert.All(reads, r => Assert.Equal(document.Token, r.DocumentId));
        var throttled = calls.Exchanges.Where(e => e.Code == 99991400).ToList();
        Assert.NotEmpty(throttled);
        Assert.All(throttled, e => Assert.True(e.Response.Headers.Contains("x-ogw-ratelimit-reset")));
    }

    [Fact]
    public async Task The_101st_import_create_in_a_minute_is_retried_once_the_window_moves_on()
    {
        using var host = new ServerHost(("Inkport:RateLimits", "true"));
        var (client, calls) = host.Client(o =>
        {
            o.ImportCreatesPerMinute = 0; // no client pacing: let the server throttle
            o.MaxRetryDelay = TimeSpan.FromMilliseconds(100);
        });
        using var _ = client;
        // The test stands in for a minute passing: on the 429 the server's clock moves to the next window.
        calls.OnResponse = e =>
        {
            if (e.Status == 429) host.Clock.Advance(TimeSpan.FromMinutes(1));
        };
        host.Clock.AdvanceToMinuteStart(); // the 101 calls must not straddle a window boundary

        for (var i = 0; i < 101; i++)
        {
            // An unknown file token still counts against the limit: each call fails with 1069907 after passing it.
            var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.ImportTasks.CreateAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", ImportType.Docx));
            Assert.Equal(1069907, e.Code);
        }

        Assert.Equal(1, calls.Count("/import_tasks", code: 1069923));
        Assert.Equal(102, calls.Count("/import_tasks"));
    }

    [Fact]
    public async Task A_token_the_server_no_longer_accepts_is_fetched_again_and_the_call_retried_once()
    {
        using var host = new ServerHost();
        var (client, calls) = host.Client();
        using var _ = client;
        await client.Drive.Files.GetRootFolderAsync();

        host.Clock.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1)); // the server's tokens expire
        var root = await client.Drive.Files.GetRootFolderAsync();

        Assert.Equal(27, root.Token.Length);
        Assert.Equal(2, calls.Count("tenant_access_token"));
        Assert.Equal(1, calls.Count("root_folder", code: 99991663));
    }

    [Fact]
    public async Task The_cached_token_is_replaced_3_minutes_before_it_expires()
    {
        using var host = new ServerHost();
        var clientClock = new ManualClock();
        var (client, calls) = host.Client(o => o.TimeProvider = clientClock);
        using var _ = client;
        await client.Drive.Files.GetRootFolderAsync();
        await client.Drive.Files.GetRootFolderAsync();
        Assert.Equal(1, calls.Count("tenant_access_token"));

        clientClock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(3));
        await client.Drive.Files.GetRootFolderAsync();

        Assert.Equal(2, calls.Count("tenant_access_token"));
        Assert.Equal(0, calls.Count("root_folder", code: 99991663));
    }

    [Fact]
    public async Task Server_errors_are_retried_and_the_last_one_is_thrown_when_retries_run_out()
    {
        using var host = new ServerHost();
        var failures = 0;
        var (client, calls) = host.Client(o =>
        {
            o.MaxRetries = 2;
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
        }, request =>
        {
            if (!request.RequestUri!.AbsolutePath.Contains("root_folder")) return null;
            Interlocked.Increment(ref failures);
            return new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable)
            {
                Content = new StringContent("{\"code\":1061001,\"msg\":\"internal error.\"}", Encoding.UTF8, "application/json"),
            };
        });
        using var _ = client;

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.Files.GetRootFolderAsync());

        Assert.Equal(3, failures);
        Assert.True(e.IsTransient);
        Assert.Equal(503, e.HttpStatus);
        Assert.Equal(1061001, e.Code);
    }

    [Fact]
    public async Task An_unimplemented_endpoint_answers_501_and_is_not_retried()
    {
        using var host = new ServerHost();
        var (client, calls) = host.Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10), request =>
            request.RequestUri!.AbsolutePath.EndsWith("root_folder/meta")
                ? new HttpResponseMessage((System.Net.HttpStatusCode)501) { Content = new StringContent("{\"code\":9100501,\"msg\":\"not implemented\"}", Encoding.UTF8, "application/json") }
                : null);
        using var _ = client;

        var e = await Assert.ThrowsAsync<InkportApiException>(() => client.Drive.Files.GetRootFolderAsync());

        Assert.False(e.IsTransient);
        Assert.Equal(1, calls.Count("root_folder"));
    }
}
