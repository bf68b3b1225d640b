using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Inkport.Core.Errors;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Inkport.Server.Tests;

/// <summary>medias/upload_prepare, upload_part, upload_finish (spec/02 §2) over real HTTP.</summary>
public sealed class MultipartUploadTests(SharedTenantHost host) : IClassFixture<SharedTenantHost>
{
    private const string Medias = "medias";
    private const string BlockId = "doxcnO6UW6wAw2qIcYf4hZpFIth";
    private const string CsvSheetExtra = "{\"obj_type\":\"sheet\",\"file_extension\":\"csv\"}";

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(4194304, 1)]
    [InlineData(4194305, 2)]
    [InlineData(838860800, 200)]
    public async Task Prepare_answers_a_19_digit_upload_id_4_MiB_blocks_and_their_number(long size, int blocks)
    {
        var client = await host.AppClientAsync();
        var reply = await client.PrepareAsync(Medias, "big.xlsx", "ccm_import_open", "", size, "{\"obj_type\":\"sheet\",\"file_extension\":\"xlsx\"}");
        reply.AssertOk();
        Assert.Matches("^[0-9]{19}$", reply.Data["upload_id"]!.GetValue<string>());
        Assert.Equal(4194304, reply.Data["block_size"]!.GetValue<int>());
        Assert.Equal(blocks, reply.Data["block_num"]!.GetValue<int>());
    }

    [Fact]
    public async Task Blocks_may_arrive_out_of_order_and_a_retry_replaces_the_earlier_bytes()
    {
        var client = await host.AppClientAsync();
        var content = new GeneratedBytes(2 * UploadClient.BlockSize + 1000);
        var blocks = new[] { content.At(0, UploadClient.BlockSize), content.At(UploadClient.BlockSize, UploadClient.BlockSize), content.At(2L * UploadClient.BlockSize, 1000) };
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, content.Length);

        (await client.PartAsync(Medias, uploadId, 2, blocks[2])).AssertOk();
        (await client.PartAsync(Medias, uploadId, 1, new byte[UploadClient.BlockSize])).AssertOk();
        (await client.PartAsync(Medias, uploadId, 0, blocks[0], checksum: Adler32.Compute(blocks[0]).ToString())).AssertOk();
        (await client.PartAsync(Medias, uploadId, 1, blocks[1])).AssertOk();
        var finished = await client.FinishAsync(Medias, uploadId, 3);
        finished.AssertOk();

        var download = await client.Http.GetByteArrayAsync($"/open-apis/drive/v1/medias/{finished.Data["file_token"]}/download");
        Assert.True(blocks.SelectMany(b => b).ToArray().AsSpan().SequenceEqual(download), "the download differs from the blocks in seq order");
    }

    [Fact]
    public async Task A_part_answers_an_empty_data_object()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 3);
        var reply = await client.PartAsync(Medias, uploadId, 0, "abc"u8.ToArray());
        reply.AssertOk();
        Assert.Equal("{}", reply.Data.ToJsonString());
    }

    [Fact]
    public async Task A_50_MB_upload_is_assembled_byte_for_byte_and_served_by_ranges()
    {
        var client = await host.AppClientAsync();
        var content = new GeneratedBytes(50L * 1024 * 1024 + 12345);
        var token = await client.UploadInBlocksAsync(Medias, "big.bin", "docx_file", BlockId, content);

        var (status, hash, length) = await client.DownloadHashAsync($"/open-apis/drive/v1/medias/{token}/download");
        Assert.Equal(200, status);
        Assert.Equal(content.Length, length);
        Assert.Equal(content.Hash(), hash);
        foreach (var (from, count) in new[] { (UploadClient.BlockSize - 5L, 10), (7L * UploadClient.BlockSize + 3, 4096), (content.Length - 7, 7) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/open-apis/drive/v1/medias/{token}/download");
            request.Headers.Range = new RangeHeaderValue(from, from + count - 1);
            using var response = await client.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
            Assert.Equal($"bytes {from}-{from + count - 1}/{content.Length}", response.Content.Headers.ContentRange!.ToString());
            Assert.Equal(content.At(from, count), await response.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task A_multipart_import_upload_is_importable_and_leaves_no_parts_behind()
    {
        var client = await host.AppClientAsync();
        var csv = new StringBuilder("name,amount\n");
        for (var i = 0; csv.Length < UploadClient.BlockSize + 5000; i++) csv.Append("row").Append(i).Append(',').Append(i * 3).Append('\n');
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        var uploadId = await client.PrepareOkAsync(Medias, "rows.csv", "ccm_import_open", "", bytes.Length, CsvSheetExtra);
        (await client.PartAsync(Medias, uploadId, 1, bytes.AsMemory(UploadClient.BlockSize))).AssertOk();
        (await client.PartAsync(Medias, uploadId, 0, bytes.AsMemory(0, UploadClient.BlockSize))).AssertOk();
        var storage = host.Services.GetRequiredService<IInkportStorage>();
        var partBlobs = (await storage.UploadSessions.ListPartsAsync(uploadId, default)).Select(p => p.BlobId).ToList();
        var finished = await client.FinishAsync(Medias, uploadId, 2);
        finished.AssertOk();

        Assert.Null(await storage.UploadSessions.GetAsync(uploadId, default));
        foreach (var blob in partBlobs) Assert.Null(await storage.Blobs.OpenReadAsync(blob, default));
        var created = await client.CreateImportAsync(finished.Data["file_token"]!.GetValue<string>(), "csv", "sheet");
        created.AssertOk();
        Assert.Equal(0, (await client.WaitForImportAsync(created.Data["ticket"]!.GetValue<string>()))["job_status"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_import_window_of_a_multipart_upload_counts_from_finish()
    {
        using var own = new SharedTenantHost();
        var client = await own.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.csv", "ccm_import_open", "", 4, CsvSheetExtra);
        own.Clock.Advance(TimeSpan.FromMinutes(30));
        (await client.PartAsync(Medias, uploadId, 0, "a,b\n"u8.ToArray())).AssertOk();
        var finished = await client.FinishAsync(Medias, uploadId, 1);
        finished.AssertOk();
        own.Clock.Advance(TimeSpan.FromMinutes(4));
        (await client.CreateImportAsync(finished.Data["file_token"]!.GetValue<string>(), "csv", "sheet")).AssertOk();
    }

    [Fact]
    public async Task An_empty_file_has_no_blocks_and_finishes_at_once()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "empty.bin", "docx_file", BlockId, 0);
        var finished = await client.FinishAsync(Medias, uploadId, 0);
        finished.AssertOk();
        Assert.Empty(await client.Http.GetByteArrayAsync($"/open-apis/drive/v1/medias/{finished.Data["file_token"]}/download"));
    }

    [Fact]
    public async Task A_wrong_block_checksum_is_1062008()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 3);
        (await client.PartAsync(Medias, uploadId, 0, "abc"u8.ToArray(), checksum: (Adler32.Compute("abc"u8) + 1).ToString())).AssertError(FeishuErrors.ChecksumInvalid);
    }

    [Fact]
    public async Task Block_sizes_must_match_the_declaration_and_the_cut_1062009()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, UploadClient.BlockSize + 10);
        // size field differs from the bytes sent
        (await client.PartAsync(Medias, uploadId, 1, new byte[10], size: "11")).AssertError(FeishuErrors.SizeMismatch);
        // a block before the last must be a full block
        (await client.PartAsync(Medias, uploadId, 0, new byte[10])).AssertError(FeishuErrors.SizeMismatch);
        // the last block holds exactly the remainder
        (await client.PartAsync(Medias, uploadId, 1, new byte[9])).AssertError(FeishuErrors.SizeMismatch);
        // no block is larger than block_size, whatever size says
        (await client.PartAsync(Medias, uploadId, 0, new byte[UploadClient.BlockSize + 1], size: "4194304")).AssertError(FeishuErrors.SizeMismatch);
        (await client.PartAsync(Medias, uploadId, 1, new byte[10])).AssertOk();
    }

    [Fact]
    public async Task A_seq_beyond_the_blocks_is_1062011()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 10);
        (await client.PartAsync(Medias, uploadId, 1, new byte[10])).AssertError(FeishuErrors.BlockNumOutOfBounds);
    }

    [Fact]
    public async Task Finish_needs_the_prepared_block_num_1062011_and_every_block_1062010()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, UploadClient.BlockSize + 1);
        (await client.PartAsync(Medias, uploadId, 1, new byte[1])).AssertOk();

        (await client.FinishAsync(Medias, uploadId, 3)).AssertError(FeishuErrors.BlockNumOutOfBounds);
        (await client.FinishAsync(Medias, uploadId, 2)).AssertError(FeishuErrors.BlockMissing);
        (await client.PartAsync(Medias, uploadId, 0, new byte[UploadClient.BlockSize])).AssertOk();
        (await client.FinishAsync(Medias, uploadId, 2)).AssertOk();
        // A finished upload is gone.
        (await client.FinishAsync(Medias, uploadId, 2)).AssertError(FeishuErrors.UploadIdExpired);
        (await client.PartAsync(Medias, uploadId, 1, new byte[1])).AssertError(FeishuErrors.UploadIdExpired);
    }

    [Fact]
    public async Task Only_the_identity_that_prepared_may_send_parts_and_finish_1062007()
    {
        var client = await host.AppClientAsync();
        var other = await host.SecondAppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 3);

        (await other.PartAsync(Medias, uploadId, 0, new byte[3])).AssertError(FeishuErrors.UploadUserMismatch);
        (await client.PartAsync(Medias, uploadId, 0, new byte[3])).AssertOk();
        (await other.FinishAsync(Medias, uploadId, 1)).AssertError(FeishuErrors.UploadUserMismatch);
        (await client.FinishAsync(Medias, uploadId, 1)).AssertOk();
    }

    [Fact]
    public async Task A_media_upload_id_is_unknown_to_the_drive_file_calls()
    {
        var client = await host.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 3);
        (await client.PartAsync("files", uploadId, 0, new byte[3])).AssertError(FeishuErrors.UploadIdExpired);
        (await client.PartAsync(Medias, "not-a-number", 0, new byte[3])).AssertError(FeishuErrors.DriveParams);
    }

    [Fact]
    public async Task Prepare_checks_its_fields()
    {
        var client = await host.AppClientAsync();
        (await client.PrepareAsync(Medias, "", "docx_file", BlockId, 3)).AssertError(FeishuErrors.InvalidFileName);
        (await client.PrepareAsync(Medias, new string('a', 251), "docx_file", BlockId, 3)).AssertError(FeishuErrors.InvalidFileName);
        (await client.PrepareAsync(Medias, "a.bin", "nope", BlockId, 3)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", "", 3)).AssertError(FeishuErrors.DriveParams);
        // parent_node must be present, even for import staging, where "" is what it may be.
        (await client.PrepareAsync(Medias, "a.csv", "ccm_import_open", null, 3, CsvSheetExtra)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Medias, "a.csv", "ccm_import_open", "", 3, CsvSheetExtra)).AssertOk();
        (await client.PrepareAsync(Medias, "a.csv", "ccm_import_open", "", 3)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, -1)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, null)).AssertError(FeishuErrors.DriveParams);
        var notJson = await client.Http.PostAsync("/open-apis/drive/v1/medias/upload_prepare", new StringContent("{", Encoding.UTF8, "application/json"));
        (await Reply.From(notJson)).AssertError(FeishuErrors.DriveParams);
    }

    [Fact]
    public async Task Declared_sizes_are_capped_1061043()
    {
        var client = await host.AppClientAsync();
        const string xlsx = "{\"obj_type\":\"sheet\",\"file_extension\":\"xlsx\"}";
        (await client.PrepareAsync(Medias, "a.xlsx", "ccm_import_open", "", MultipartUploads.MaxImportSourceBytes, xlsx)).AssertOk();
        (await client.PrepareAsync(Medias, "a.xlsx", "ccm_import_open", "", MultipartUploads.MaxImportSourceBytes + 1, xlsx)).AssertError(FeishuErrors.FileSizeBeyondLimit);
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, new MultipartOptions().MaxUploadBytes + 1)).AssertError(FeishuErrors.FileSizeBeyondLimit);
    }

    [Fact]
    public async Task The_cap_of_non_import_uploads_is_configuration()
    {
        using var own = SharedTenantHost.WithSettings(("Inkport:MaxMultipartUploadBytes", "1000"));
        var client = await own.AppClientAsync();
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, 1000)).AssertOk();
        (await client.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, 1001)).AssertError(FeishuErrors.FileSizeBeyondLimit);
    }

    [Fact]
    public async Task An_upload_id_expires_after_24_hours_and_the_chore_removes_it_with_its_parts()
    {
        using var own = new SharedTenantHost();
        var client = await own.AppClientAsync();
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, UploadClient.BlockSize + 1);
        (await client.PartAsync(Medias, uploadId, 0, new byte[UploadClient.BlockSize])).AssertOk();
        var storage = own.Services.GetRequiredService<IInkportStorage>();
        var partBlob = (await storage.UploadSessions.ListPartsAsync(uploadId, default)).Single().BlobId;

        own.Clock.Advance(TimeSpan.FromHours(23.9));
        client = await own.AppClientAsync();
        (await client.PartAsync(Medias, uploadId, 1, new byte[1])).AssertOk();
        own.Clock.Advance(TimeSpan.FromHours(1.1));
        client = await own.AppClientAsync();
        (await client.PartAsync(Medias, uploadId, 1, new byte[1])).AssertError(FeishuErrors.UploadIdExpired);
        (await client.FinishAsync(Medias, uploadId, 2)).AssertError(FeishuErrors.UploadIdExpired);

        Assert.Equal(1, await own.Services.GetRequiredService<MultipartUploads>().RemoveExpiredAsync(default));
        Assert.Null(await storage.UploadSessions.GetAsync(uploadId, default));
        Assert.Null(await storage.Blobs.OpenReadAsync(partBlob, default));
        (await client.FinishAsync(Medias, uploadId, 2)).AssertError(FeishuErrors.UploadIdExpired);
    }

    [Fact]
    public async Task Uploads_in_progress_count_against_the_tenant_quota_1061101()
    {
        using var own = SharedTenantHost.WithSettings(("Inkport:TenantQuotaBytes", "10000"));
        var client = await own.AppClientAsync();
        var other = await own.SecondAppClientAsync(); // same tenant, same quota
        var uploadId = await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 6000);

        (await other.PrepareAsync(Medias, "b.bin", "docx_file", BlockId, 4001)).AssertError(FeishuErrors.FileQuotaExceeded);
        (await other.UploadAsync("b.md", new byte[4001], "docx", "md")).AssertError(FeishuErrors.FileQuotaExceeded);
        var root = await client.RootFolderAsync();
        (await client.UploadFileAsync("b.txt", root, new byte[4001])).AssertError(FeishuErrors.FileQuotaExceeded);
        (await client.PrepareAsync("files", "b.txt", "explorer", root, 4001)).AssertError(FeishuErrors.FileQuotaExceeded);
        (await other.UploadAsync("b.md", new byte[4000], "docx", "md")).AssertOk();

        // Finishing turns the reservation into the stored file: nothing more fits.
        (await client.PartAsync(Medias, uploadId, 0, new byte[6000])).AssertOk();
        (await client.FinishAsync(Medias, uploadId, 1)).AssertOk();
        (await client.UploadAsync("c.md", new byte[1], "docx", "md")).AssertError(FeishuErrors.FileQuotaExceeded);
    }

    [Fact]
    public async Task An_expired_upload_no_longer_reserves_quota()
    {
        using var own = SharedTenantHost.WithSettings(("Inkport:TenantQuotaBytes", "10000"));
        var client = await own.AppClientAsync();
        await client.PrepareOkAsync(Medias, "a.bin", "docx_file", BlockId, 10000);
        (await client.UploadAsync("b.md", new byte[1], "docx", "md")).AssertError(FeishuErrors.FileQuotaExceeded);
        own.Clock.Advance(TimeSpan.FromHours(25));
        await own.Services.GetRequiredService<MultipartUploads>().RemoveExpiredAsync(default);
        client = await own.AppClientAsync();
        (await client.UploadAsync("b.md", new byte[1], "docx", "md")).AssertOk();
    }

    [Fact]
    public async Task Each_upload_endpoint_allows_5_calls_a_second_then_1061045()
    {
        using var own = InkportHost.With(("Inkport:RateLimits", "true"));
        own.Clock.FreezeAtMinuteStart();
        var client = await own.AppClientAsync();
        foreach (var family in new[] { "medias", "files" })
        {
            foreach (var endpoint in new[] { "upload_prepare", "upload_part", "upload_finish" })
                await AssertSixthIsLimited(client, $"/open-apis/drive/v1/{family}/{endpoint}");
        }
        await AssertSixthIsLimited(client, "/open-apis/drive/v1/files/upload_all");
    }

    private static async Task AssertSixthIsLimited(FeishuClient client, string path)
    {
        for (var i = 0; i < 5; i++)
        {
            // Invalid bodies count too: the limit is on calls, checked before validation.
            var reply = await Reply.From(await client.Http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json")));
            Assert.NotEqual(FeishuErrors.CanRetry.Code, reply.Code);
        }
        var limited = await Reply.From(await client.Http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json")));
        limited.AssertError(FeishuErrors.CanRetry);
        Assert.Equal("5", limited.Response.Headers.GetValues("x-ogw-ratelimit-limit").Single());
    }

    [Fact]
    public async Task Media_calls_need_a_media_upload_scope_and_file_calls_a_file_upload_scope()
    {
        using var own = InkportHost.With(
            ("Inkport:Apps:0:AppId", "cli_docs"), ("Inkport:Apps:0:AppSecret", "s"), ("Inkport:Apps:0:Scopes:0", "docs:doc"),
            ("Inkport:Apps:1:AppId", "cli_files"), ("Inkport:Apps:1:AppSecret", "s"), ("Inkport:Apps:1:Scopes:0", "drive:file:upload"));
        var docs = await own.AppClientAsync("cli_docs", "s");
        var files = await own.AppClientAsync("cli_files", "s");

        (await docs.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, 3)).AssertOk();
        (await files.PrepareAsync(Medias, "a.bin", "docx_file", BlockId, 3)).AssertError(FeishuErrors.ScopeMissing);
        (await files.PartAsync(Medias, "7000000000000000000", 0, new byte[1])).AssertError(FeishuErrors.ScopeMissing);
        (await files.FinishAsync(Medias, "7000000000000000000", 1)).AssertError(FeishuErrors.ScopeMissing);

        var filesRoot = await RootOf(own, files);
        (await files.UploadFileAsync("a.txt", filesRoot, new byte[3])).AssertOk();
        (await files.PrepareAsync("files", "a.txt", "explorer", filesRoot, 3)).AssertOk();
        (await docs.UploadFileAsync("a.txt", "x", new byte[3])).AssertError(FeishuErrors.ScopeMissing);
        (await docs.PrepareAsync("files", "a.txt", "explorer", "x", 3)).AssertError(FeishuErrors.ScopeMissing);
        (await docs.PartAsync("files", "7000000000000000000", 0, new byte[1])).AssertError(FeishuErrors.ScopeMissing);
        (await docs.FinishAsync("files", "7000000000000000000", 1)).AssertError(FeishuErrors.ScopeMissing);
        // Downloading a drive file needs a download scope, which neither app has.
        (await Reply.From(await files.Http.GetAsync("/open-apis/drive/v1/files/AAAAAAAAAAAAAAAAAAAAAAAAAAA/download"))).AssertError(FeishuErrors.ScopeMissing);
    }

    /// <summary>The root of an app without the root_folder scope, read from the store.</summary>
    private static async Task<string> RootOf(InkportHost own, FeishuClient client)
    {
        var drive = own.Services.GetRequiredService<Core.Drive.DriveService>();
        var identities = own.Services.GetRequiredService<Core.Identity.TokenService>();
        var caller = await identities.AuthenticateAsync($"Bearer {client.Token}", default);
        return (await drive.RootOfAsync(caller, default)).Token;
    }
}
