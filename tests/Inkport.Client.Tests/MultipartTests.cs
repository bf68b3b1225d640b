using Inkport.Client.Tests.Infrastructure;

namespace Inkport.Client.Tests;

/// <summary>Files over 20 MB go through upload_prepare / upload_part / upload_finish in 4 MB blocks.</summary>
public sealed class MultipartTests
{
    private const long FiftyMegabytes = 50L * 1024 * 1024;

    [MultipartFact]
    public async Task A_generated_50_MB_stream_uploads_in_13_checksummed_blocks()
    {
        using var host = new ServerHost();
        var (client, calls) = host.Client();
        using var _ = client;
        long reported = 0;

        var token = await client.Drive.Medias.UploadForImportAsync(new GeneratedCsvStream(FiftyMegabytes), "big.csv", ImportType.Bitable,
            new SyncProgress(v => reported = v));

        Assert.Equal(27, token.Length);
        Assert.Equal(FiftyMegabytes, reported);
        Assert.Equal(1, calls.Count("medias/upload_prepare", code: 0));
        Assert.Equal(13, calls.Count("medias/upload_part", code: 0)); // 12 × 4 MB + 2 MB
        Assert.Equal(1, calls.Count("medias/upload_finish", code: 0));
        Assert.Equal(0, calls.Count("medias/upload_all"));
    }

    [MultipartFact]
    public async Task A_failed_part_is_sent_again()
    {
        using var host = new ServerHost();
        var parts = 0;
        var (client, calls) = host.Client(o => o.RetryBaseDelay = TimeSpan.FromMilliseconds(10), request =>
            request.RequestUri!.AbsolutePath.EndsWith("upload_part") && Interlocked.Increment(ref parts) == 2
                ? new HttpResponseMessage(System.Net.HttpStatusCode.BadGateway)
                : null);
        using var _ = client;

        var token = await client.Drive.Files.UploadAsync(new GeneratedCsvStream(21L * 1024 * 1024), "big.csv",
            (await client.Drive.Files.GetRootFolderAsync()).Token);

        Assert.Equal(27, token.Length);
        Assert.Equal(1, calls.Count("files/upload_part", code: null) - calls.Count("files/upload_part", code: 0)); // the 502
        Assert.Equal(6, calls.Count("files/upload_part", code: 0));
    }

    [MultipartFact]
    [Trait("Category", "Long")]
    public async Task A_50_MB_csv_uploaded_in_blocks_imports_into_a_bitable()
    {
        using var host = new ServerHost();
        var (client, _) = host.Client();
        using var __ = client;

        var result = await client.ImportAsync(new GeneratedCsvStream(FiftyMegabytes), "big.csv", ImportType.Bitable);

        Assert.Equal(ImportType.Bitable, result.Type);
    }
}
