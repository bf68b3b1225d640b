using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>Feishu's per-endpoint limits, counted per app, with the documented codes and headers.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task The_101st_import_create_in_a_minute_is_429_1069923_with_reset_headers()
    {
        using var host = InkportHost.With(("Inkport:RateLimits", "true"), ("Inkport:Apps:0:AppId", "cli_other"), ("Inkport:Apps:0:AppSecret", "other"));
        host.Clock.FreezeAtMinuteStart();
        var client = await host.AppClientAsync();
        for (var i = 0; i < 100; i++)
        {
            // Invalid bodies still count: the limit is on calls, checked before validation.
            var reply = await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx");
            Assert.Equal(FeishuErrors.ImportFileTokenNotFound.Code, reply.Code);
        }
        var limited = await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx");
        limited.AssertError(FeishuErrors.ImportTooManyRequests);
        Assert.Equal("100", limited.Response.Headers.GetValues("x-ogw-ratelimit-limit").Single());
        Assert.InRange(int.Parse(limited.Response.Headers.GetValues("x-ogw-ratelimit-reset").Single()), 1, 60);

        // Another app has its own budget.
        var other = await host.AppClientAsync("cli_other", "other");
        Assert.Equal(FeishuErrors.ImportFileTokenNotFound.Code, (await other.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx")).Code);

        // The next minute has a fresh window.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(FeishuErrors.ImportFileTokenNotFound.Code, (await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx")).Code);
    }

    [Fact]
    public async Task Docx_reads_over_5_a_second_are_http_400_99991400()
    {
        using var host = InkportHost.With(("Inkport:RateLimits", "true"));
        var client = await host.AppClientAsync();
        var document = (await client.ImportAsync("a.md", "# x", "docx", "md"))["token"]!.GetValue<string>();
        host.Clock.FreezeAtMinuteStart();
        var replies = new List<Reply>();
        for (var i = 0; i < 6; i++) replies.Add(await client.GetAsync($"/open-apis/docx/v1/documents/{document}"));
        Assert.All(replies.Take(5), r => r.AssertOk());
        replies[5].AssertError(FeishuErrors.RateLimitedOldApi);
    }

    [Fact]
    public async Task Uploads_over_5_a_second_answer_1061045()
    {
        using var host = InkportHost.With(("Inkport:RateLimits", "true"));
        host.Clock.FreezeAtMinuteStart();
        var client = await host.AppClientAsync();
        var replies = new List<Reply>();
        for (var i = 0; i < 6; i++) replies.Add(await client.UploadAsync("a.md", "x"u8.ToArray(), "docx", "md"));
        Assert.All(replies.Take(5), r => r.AssertOk());
        replies[5].AssertError(FeishuErrors.CanRetry);
    }

    [Fact]
    public async Task An_endpoints_limit_is_configuration()
    {
        using var host = InkportHost.With(("Inkport:RateLimits", "true"), ("Inkport:RateLimitOverrides:import_tasks.create", "3/min"));
        host.Clock.FreezeAtMinuteStart();
        var client = await host.AppClientAsync();
        for (var i = 0; i < 3; i++)
            Assert.Equal(FeishuErrors.ImportFileTokenNotFound.Code, (await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx")).Code);
        var limited = await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx");
        limited.AssertError(FeishuErrors.ImportTooManyRequests);
        Assert.Equal("3", limited.Response.Headers.GetValues("x-ogw-ratelimit-limit").Single());
    }

    [Theory]
    [InlineData("100/min", 100, 60)]
    [InlineData("5/s", 5, 1)]
    [InlineData("10000/day", 10000, 86400)]
    public void Rates_parse_from_configuration(string text, int limit, int seconds)
    {
        var window = Inkport.Core.Limits.RateWindow.Parse(text);
        Assert.Equal((limit, TimeSpan.FromSeconds(seconds)), (window.Limit, window.Window));
        Assert.Throws<FormatException>(() => Inkport.Core.Limits.RateWindow.Parse("lots"));
    }

    [Fact]
    public async Task Bitable_reads_over_20_a_second_answer_1254290_and_import_polls_over_50_answer_99991400()
    {
        using var host = InkportHost.With(("Inkport:RateLimits", "true"));
        var client = await host.AppClientAsync();
        var result = await client.ImportAsync("t.csv", "a,b\n1,2\n", "bitable", "csv");
        var app = result["token"]!.GetValue<string>();
        var ticket = result["ticket"]!.GetValue<string>();
        host.Clock.FreezeAtMinuteStart();

        var reads = new List<Reply>();
        for (var i = 0; i < 21; i++) reads.Add(await client.GetAsync($"/open-apis/bitable/v1/apps/{app}/tables"));
        Assert.All(reads.Take(20), r => r.AssertOk());
        reads[20].AssertError(FeishuErrors.BitableTooManyRequests);

        var polls = new List<Reply>();
        for (var i = 0; i < 51; i++) polls.Add(await client.GetAsync($"/open-apis/drive/v1/import_tasks/{ticket}"));
        Assert.All(polls.Take(50), r => r.AssertOk());
        polls[50].AssertError(FeishuErrors.RateLimited);
        Assert.Equal("50", polls[50].Response.Headers.GetValues("x-ogw-ratelimit-limit").Single());
    }
}
