using System.Net.Http.Headers;
using System.Text;
using Inkport.Core.Errors;
using Inkport.Core.Media;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

public sealed class UploadTests(InkportHost host) : IClassFixture<InkportHost>
{
    private static readonly byte[] Markdown = Encoding.UTF8.GetBytes("# Title\n\nBody\n");

    [Fact]
    public async Task Upload_returns_a_27_character_file_token()
    {
        var client = await host.AppClientAsync();
        var reply = await client.UploadAsync("notes.md", Markdown, "docx", "md", checksum: Adler32.Compute(Markdown).ToString());
        reply.AssertOk();
        Assert.Equal("success", reply.Body["msg"]!.GetValue<string>());
        Assert.Matches("^[A-Za-z0-9]{27}$", reply.Data["file_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_file_part_without_a_filename_is_accepted()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("notes.md", Markdown, "docx", "md", fileNameOnPart: false)).AssertOk();
    }

    [Fact]
    public async Task Size_must_equal_the_bytes_received()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("notes.md", Markdown, "docx", "md", size: (Markdown.Length + 1).ToString())).AssertError(FeishuErrors.SizeMismatch);
    }

    [Fact]
    public async Task A_wrong_adler32_is_refused()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("notes.md", Markdown, "docx", "md", checksum: (Adler32.Compute(Markdown) ^ 1).ToString())).AssertError(FeishuErrors.ChecksumInvalid);
    }

    [Fact]
    public async Task Adler32_matches_the_rfc_1950_reference_value()
    {
        Assert.Equal(0x11E60398u, Adler32.Compute("Wikipedia"u8));
        Assert.Equal(1u, Adler32.Compute([]));
        var big = new byte[100_000];
        Array.Fill(big, (byte)0xFF);
        var incremental = new Adler32();
        incremental.Update(big.AsSpan(0, 33_333));
        incremental.Update(big.AsSpan(33_333));
        Assert.Equal(Adler32.Compute(big), incremental.Value);
    }

    [Fact]
    public async Task Over_20_MB_is_refused_while_streaming_even_when_size_lies()
    {
        var client = await host.AppClientAsync();
        var big = new byte[MediaUploads.MaxUploadAllBytes + 1];
        (await client.UploadAsync("big.csv", big, "sheet", "csv", size: "10")).AssertError(FeishuErrors.FileSizeBeyondLimit);
    }

    [Fact]
    public async Task A_declared_size_over_20_MB_is_refused_before_the_file_is_read()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("big.csv", Markdown, "sheet", "csv", size: "20971521")).AssertError(FeishuErrors.FileSizeBeyondLimit);
    }

    [Fact]
    public async Task Exactly_20_MB_is_accepted()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("big.csv", new byte[MediaUploads.MaxUploadAllBytes], "sheet", "csv")).AssertOk();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"obj_type\":\"docx\"}")]
    [InlineData("{\"obj_type\":\"slides\",\"file_extension\":\"md\"}")]
    [InlineData("not json")]
    public async Task Import_uploads_need_a_valid_extra(string extra)
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync("notes.md", Markdown, "docx", "md", extra: extra)).AssertError(FeishuErrors.DriveParams);
    }

    [Fact]
    public async Task File_name_must_be_1_to_250_characters()
    {
        var client = await host.AppClientAsync();
        (await client.UploadAsync(new string('a', 251), Markdown, "docx", "md")).AssertError(FeishuErrors.InvalidFileName);
        (await client.UploadAsync("", Markdown, "docx", "md")).AssertError(FeishuErrors.InvalidFileName);
    }

    [Fact]
    public async Task Parent_type_must_be_in_the_enum_and_size_a_number()
    {
        var client = await host.AppClientAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a.md"), "file_name" }, { new StringContent("explorer_nope"), "parent_type" },
            { new StringContent("14"), "size" }, { new ByteArrayContent(Markdown), "file", "a.md" },
        };
        (await Reply.From(await client.Http.PostAsync("/open-apis/drive/v1/medias/upload_all", form))).AssertError(FeishuErrors.DriveParams);
        (await client.UploadAsync("notes.md", Markdown, "docx", "md", size: "fourteen")).AssertError(FeishuErrors.DriveParams);
    }

    [Fact]
    public async Task Media_download_serves_the_whole_file_and_byte_ranges()
    {
        var client = await host.AppClientAsync();
        var token = await client.UploadForImportAsync("notes.md", Markdown, "docx", "md");
        var path = $"/open-apis/drive/v1/medias/{token}/download";

        using var whole = await client.Http.GetAsync(path);
        Assert.Equal(System.Net.HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
        Assert.Equal(Markdown, await whole.Content.ReadAsByteArrayAsync());

        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(2, 6) } };
        using var partial = await client.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 2-6/{Markdown.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(Markdown[2..7], await partial.Content.ReadAsByteArrayAsync());

        using var suffix = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Range = new RangeHeaderValue(null, 3) } };
        using var tail = await client.Http.SendAsync(suffix);
        Assert.Equal(Markdown[^3..], await tail.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_a_params_error()
    {
        var client = await host.AppClientAsync();
        var response = await client.Http.PostAsync("/open-apis/drive/v1/medias/upload_all", new StringContent("{}", Encoding.UTF8, "application/json"));
        (await Reply.From(response)).AssertError(FeishuErrors.DriveParams);
    }

    [Fact]
    public async Task A_form_without_a_file_part_is_a_params_error()
    {
        var client = await host.AppClientAsync();
        using var form = new MultipartFormDataContent
        {
            { new StringContent("a.md"), "file_name" }, { new StringContent("ccm_import_open"), "parent_type" },
            { new StringContent("0"), "size" }, { new StringContent("{\"obj_type\":\"docx\",\"file_extension\":\"md\"}"), "extra" },
        };
        (await Reply.From(await client.Http.PostAsync("/open-apis/drive/v1/medias/upload_all", form))).AssertError(FeishuErrors.DriveParams);
    }
}
