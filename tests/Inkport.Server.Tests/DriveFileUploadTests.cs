using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Inkport.Core.Drive;
using Inkport.Core.Errors;
using Inkport.Core.Identity;
using Inkport.Core.Media;
using Inkport.Core.Storage;
using Inkport.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Inkport.Server.Tests;

/// <summary>files/upload_all, the files/upload_* trio and files/:token/download (spec/02 §3, §5) over real HTTP.</summary>
public sealed class DriveFileUploadTests(SharedTenantHost host) : IClassFixture<SharedTenantHost>
{
    private const string Files = "files";
    private static readonly byte[] Markdown = Encoding.UTF8.GetBytes("# Plan\n\n- one\n- two\n");

    private IInkportStorage Storage => host.Services.GetRequiredService<IInkportStorage>();

    [Fact]
    public async Task Upload_all_places_a_file_owned_by_the_caller_in_the_folder()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var reply = await client.UploadFileAsync("plan.md", root, Markdown, checksum: Adler32.Compute(Markdown).ToString());
        reply.AssertOk();

        var token = reply.Data["file_token"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9]{27}$", token);
        var node = (await Storage.Drive.GetAsync(token, default))!;
        Assert.Equal((NodeType.File, "plan.md", root, Identities.DevelopmentApp.BotOpenId, (long)Markdown.Length),
            (node.Type, node.Name, node.ParentToken, node.OwnerId, node.Size));
        Assert.Equal(1, node.Depth);
    }

    [Fact]
    public async Task Download_serves_the_bytes_with_the_file_name_and_ranges()
    {
        var client = await host.AppClientAsync();
        var token = await UploadAsync(client, "plan.md", Markdown);

        using var response = await client.Http.GetAsync($"/open-apis/drive/v1/files/{token}/download");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Markdown, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("plan.md", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/open-apis/drive/v1/files/{token}/download");
        request.Headers.Range = new RangeHeaderValue(2, 5);
        using var partial = await client.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal($"bytes 2-5/{Markdown.Length}", partial.Content.Headers.ContentRange!.ToString());
        Assert.Equal(Markdown[2..6], await partial.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Download_of_what_is_not_a_drive_file_is_1061003()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var media = await client.UploadForImportAsync("a.md", Markdown, "docx", "md");
        foreach (var token in new[] { "AAAAAAAAAAAAAAAAAAAAAAAAAAA", "short", root, media })
            (await Reply.From(await client.Http.GetAsync($"/open-apis/drive/v1/files/{token}/download"))).AssertError(FeishuErrors.DriveNotFound);
    }

    [Fact]
    public async Task Another_identity_needs_view_permission_to_download_and_edit_permission_to_upload()
    {
        var owner = await host.AppClientAsync();
        var other = await host.SecondAppClientAsync();
        var root = await owner.RootFolderAsync();
        var token = await UploadAsync(owner, "plan.md", Markdown);
        var download = $"/open-apis/drive/v1/files/{token}/download";

        (await Reply.From(await other.Http.GetAsync(download))).AssertError(FeishuErrors.DriveForbidden);
        (await other.UploadFileAsync("x.md", root, Markdown)).AssertError(FeishuErrors.DriveForbidden);
        (await other.PrepareAsync(Files, "x.md", "explorer", root, 10)).AssertError(FeishuErrors.DriveForbidden);

        var otherOpenId = host.Services.GetRequiredService<Identities>().FindApp(SharedTenantHost.SecondAppId)!.BotOpenId;
        var folder = DriveNode.Under((await Storage.Drive.GetAsync(root, default))!, Core.Ids.Ids.Token(), NodeType.Folder, "shared",
            Identities.DevelopmentApp.BotOpenId, DateTimeOffset.UtcNow);
        await Storage.Drive.InsertAsync(folder, default);
        await Storage.Permissions.UpsertMemberAsync(new NodeMember(folder.Token, otherOpenId, "openid", otherOpenId, Permission.View), default);
        (await other.UploadFileAsync("x.md", folder.Token, Markdown)).AssertError(FeishuErrors.DriveForbidden);
        var inShared = await UploadAsync(owner, "in-shared.md", Markdown, folder.Token);
        Assert.Equal(Markdown, await other.Http.GetByteArrayAsync($"/open-apis/drive/v1/files/{inShared}/download"));

        await Storage.Permissions.UpsertMemberAsync(new NodeMember(folder.Token, otherOpenId, "openid", otherOpenId, Permission.Edit), default);
        var uploaded = await other.UploadFileAsync("x.md", folder.Token, Markdown);
        uploaded.AssertOk();
        Assert.Equal(otherOpenId, (await Storage.Drive.GetAsync(uploaded.Data["file_token"]!.GetValue<string>(), default))!.OwnerId);
    }

    [Fact]
    public async Task Parent_node_must_be_a_folder_the_caller_can_see()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var file = await UploadAsync(client, "plan.md", Markdown);

        (await client.UploadFileAsync("a.md", null, Markdown)).AssertError(FeishuErrors.DriveParams);
        (await client.UploadFileAsync("a.md", root, Markdown, parentType: "ccm_import_open")).AssertError(FeishuErrors.DriveParams);
        foreach (var parent in new[] { "", "AAAAAAAAAAAAAAAAAAAAAAAAAAA", "nope", file })
            (await client.UploadFileAsync("a.md", parent, Markdown)).AssertError(FeishuErrors.ParentNodeNotExist);

        using var stranger = InkportHost.With(("Inkport:Apps:0:AppId", "cli_elsewhere"), ("Inkport:Apps:0:AppSecret", "s"));
        var elsewhere = await stranger.AppClientAsync("cli_elsewhere", "s");
        var devRoot = await (await stranger.AppClientAsync()).RootFolderAsync();
        (await elsewhere.UploadFileAsync("a.md", devRoot, Markdown)).AssertError(FeishuErrors.ParentNodeNotExist);
    }

    [Fact]
    public async Task Upload_all_checks_name_size_checksum_and_emptiness()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        (await client.UploadFileAsync("", root, Markdown)).AssertError(FeishuErrors.InvalidFileName);
        (await client.UploadFileAsync(new string('a', 251), root, Markdown)).AssertError(FeishuErrors.InvalidFileName);
        (await client.UploadFileAsync("a.md", root, Markdown, size: "3")).AssertError(FeishuErrors.SizeMismatch);
        (await client.UploadFileAsync("a.md", root, Markdown, checksum: "1")).AssertError(FeishuErrors.ChecksumInvalid);
        (await client.UploadFileAsync("a.md", root, [])).AssertError(FeishuErrors.DriveParams);
        (await client.UploadFileAsync("a.bin", root, new byte[MediaUploads.MaxUploadAllBytes + 1])).AssertError(FeishuErrors.FileSizeBeyondLimit);
        Assert.Equal(0, await CountFilesNamed(root, "a.md"));
    }

    [Fact]
    public async Task A_new_version_of_an_existing_file_is_not_pretended()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var existing = await UploadAsync(client, "plan.md", Markdown);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("plan.md"), "file_name" }, { new StringContent("explorer"), "parent_type" }, { new StringContent(root), "parent_node" },
            { new StringContent(Markdown.Length.ToString()), "size" }, { new StringContent(existing), "file_token" }, { new ByteArrayContent(Markdown), "file", "plan.md" },
        };
        (await Reply.From(await client.Http.PostAsync("/open-apis/drive/v1/files/upload_all", form))).AssertError(FeishuErrors.NotImplemented);
    }

    [Fact]
    public async Task A_full_folder_is_1062507_and_a_full_drive_1062505()
    {
        using var small = InkportHost.With(("Inkport:Drive:MaxChildren", "2"), ("Inkport:Drive:MaxNodes", "4"));
        var client = await small.AppClientAsync();
        var root = await client.RootFolderAsync();
        (await client.UploadFileAsync("1.md", root, Markdown)).AssertOk();
        (await client.UploadFileAsync("2.md", root, Markdown)).AssertOk();
        (await client.UploadFileAsync("3.md", root, Markdown)).AssertError(FeishuErrors.DriveOutOfSiblings);

        var storage = small.Services.GetRequiredService<IInkportStorage>();
        var rootNode = (await storage.Drive.GetAsync(root, default))!;
        var folder = DriveNode.Under(rootNode, Core.Ids.Ids.Token(), NodeType.Folder, "f", rootNode.OwnerId, DateTimeOffset.UtcNow);
        await storage.Drive.InsertAsync(folder, default);
        (await client.UploadFileAsync("4.md", folder.Token, Markdown)).AssertError(FeishuErrors.DriveOutOfSize);

        // The same limits hold when a multipart upload finishes.
        var uploadId = await client.PrepareOkAsync(Files, "5.md", "explorer", folder.Token, Markdown.Length);
        (await client.PartAsync(Files, uploadId, 0, Markdown)).AssertOk();
        (await client.FinishAsync(Files, uploadId, 1)).AssertError(FeishuErrors.DriveOutOfSize);
    }

    [Fact]
    public async Task Multipart_drive_upload_places_the_assembled_file_in_the_folder()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        var content = new GeneratedBytes(2L * UploadClient.BlockSize + 77);
        var token = await client.UploadInBlocksAsync(Files, "data.bin", "explorer", root, content);

        var node = (await Storage.Drive.GetAsync(token, default))!;
        Assert.Equal((NodeType.File, "data.bin", root, content.Length), (node.Type, node.Name, node.ParentToken, node.Size));
        var (status, hash, length) = await client.DownloadHashAsync($"/open-apis/drive/v1/files/{token}/download");
        Assert.Equal((200, content.Length), (status, length));
        Assert.Equal(content.Hash(), hash);
    }

    [Fact]
    public async Task Multipart_drive_prepare_checks_the_folder_and_refuses_empty_files()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootFolderAsync();
        (await client.PrepareAsync(Files, "a.md", "explorer", root, 0)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Files, "a.md", "ccm_import_open", "", 10)).AssertError(FeishuErrors.DriveParams);
        (await client.PrepareAsync(Files, "a.md", "explorer", "", 10)).AssertError(FeishuErrors.ParentNodeNotExist);
        (await client.PrepareAsync(Files, "a.md", "explorer", "AAAAAAAAAAAAAAAAAAAAAAAAAAA", 10)).AssertError(FeishuErrors.ParentNodeNotExist);
        (await client.PrepareAsync(Files, "", "explorer", root, 10)).AssertError(FeishuErrors.InvalidFileName);
    }

    [Fact]
    public async Task A_folder_deleted_before_finish_is_1061044()
    {
        var client = await host.AppClientAsync();
        var rootNode = (await Storage.Drive.GetAsync(await client.RootFolderAsync(), default))!;
        var folder = DriveNode.Under(rootNode, Core.Ids.Ids.Token(), NodeType.Folder, "gone", rootNode.OwnerId, DateTimeOffset.UtcNow);
        await Storage.Drive.InsertAsync(folder, default);
        var uploadId = await client.PrepareOkAsync(Files, "a.md", "explorer", folder.Token, Markdown.Length);
        (await client.PartAsync(Files, uploadId, 0, Markdown)).AssertOk();
        await Storage.Drive.DeleteSubtreeAsync(folder.Token, default);

        (await client.FinishAsync(Files, uploadId, 1)).AssertError(FeishuErrors.ParentNodeNotExist);
    }

    [Fact]
    public async Task An_uploaded_drive_file_imports_and_stays_in_its_folder()
    {
        var client = await host.AppClientAsync();
        var token = await UploadAsync(client, "plan.md", Markdown);

        var created = await client.CreateImportAsync(token, "md", "docx");
        created.AssertOk();
        var result = await client.WaitForImportAsync(created.Data["ticket"]!.GetValue<string>());
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        var document = result["token"]!.GetValue<string>();
        Assert.Equal("plan", (await Storage.Drive.GetAsync(document, default))!.Name);

        Assert.NotNull(await Storage.Drive.GetAsync(token, default));
        Assert.Equal(Markdown, await client.Http.GetByteArrayAsync($"/open-apis/drive/v1/files/{token}/download"));
    }

    private async Task<string> UploadAsync(FeishuClient client, string name, byte[] bytes, string? folder = null)
    {
        var reply = await client.UploadFileAsync(name, folder ?? await client.RootFolderAsync(), bytes);
        reply.AssertOk();
        return reply.Data["file_token"]!.GetValue<string>();
    }

    private async Task<int> CountFilesNamed(string folder, string name) =>
        (await Storage.Drive.ListChildrenAsync(folder, NodeOrder.CreatedTime, false, 0, 2000, default)).Count(n => n.Name == name);
}
