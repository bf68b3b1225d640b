using System.Diagnostics;
using System.Net.Http.Headers;
using Inkport.Client.Internal;
using Inkport.Tests.Shared;

namespace Inkport.Client.Tests;

public sealed class InternalTests
{
    [Theory]
    [InlineData("", 1u)]
    [InlineData("a", 0x00620062u)]
    [InlineData("abc", 0x024d0127u)]
    [InlineData("Wikipedia", 0x11E60398u)]
    public void Adler32_matches_known_values(string text, uint expected) =>
        Assert.Equal(expected, Adler32.Of(System.Text.Encoding.ASCII.GetBytes(text)));

    [Fact]
    public void Adler32_of_pieces_equals_adler32_of_the_whole()
    {
        var data = new byte[1_000_003];
        new Random(7).NextBytes(data);
        var pieces = Adler32.Update(Adler32.Update(Adler32.Initial, data.AsSpan(0, 12_345)), data.AsSpan(12_345));
        Assert.Equal(Adler32.Of(data), pieces);
        Assert.Equal(Adler32Reference.Of(data), pieces);
    }

    [Fact]
    public void The_retry_delay_honours_the_server_reset_and_is_capped()
    {
        var options = new InkportClientOptions { RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromSeconds(10) };
        var headers = new HttpResponseMessage().Headers;
        headers.Add("x-ogw-ratelimit-reset", "3");

        var reset = ApiTransport.ParseReset(headers);
        Assert.Equal(TimeSpan.FromSeconds(3), reset);
        Assert.InRange(ApiTransport.RetryDelay(0, reset, options), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(3.8));
        Assert.Equal(TimeSpan.FromSeconds(10), ApiTransport.RetryDelay(0, TimeSpan.FromSeconds(52), options));
        Assert.InRange(ApiTransport.RetryDelay(3, null, options), TimeSpan.FromMilliseconds(800), TimeSpan.FromMilliseconds(1050));
        Assert.Null(ApiTransport.ParseReset(new HttpResponseMessage().Headers));
    }

    [Fact]
    public async Task A_rate_gate_lets_no_more_than_its_limit_through_a_window()
    {
        var gate = new RateGate(2, TimeSpan.FromMilliseconds(300), TimeProvider.System);
        var clock = Stopwatch.StartNew();
        await gate.WaitAsync(CancellationToken.None);
        await gate.WaitAsync(CancellationToken.None);
        await gate.WaitAsync(CancellationToken.None);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"the third pass came after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public void The_import_matrix_follows_the_2024_guide()
    {
        Assert.Equal(ImportType.Docx, ImportMatrix.DefaultTarget("md"));
        Assert.Equal(ImportType.Sheet, ImportMatrix.DefaultTarget("csv"));
        Assert.True(ImportMatrix.IsSupported("csv", ImportType.Bitable));
        Assert.False(ImportMatrix.IsSupported("xls", ImportType.Bitable));
        Assert.Null(ImportMatrix.DefaultTarget("docm"));
        Assert.Equal(100L * 1024 * 1024, ImportMatrix.MaxBytes("csv", ImportType.Bitable));
        Assert.Equal("xls", ImportMatrix.ExtensionOf("a/B.XLS"));
    }
}
