using System.Text.Json.Nodes;
using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>Folders, listings, metadata and deletion (spec/04) over real HTTP.</summary>
public sealed class DriveTests(InkportHost host) : IClassFixture<InkportHost>
{
    [Fact]
    public async Task Folders_nest_list_and_show_imported_documents_with_their_metadata()
    {
        var client = await host.AppClientAsync();
        var root = await client.RootAsync();
        var projects = await client.CreateFolderAsync("Projects");
        var inner = await client.CreateFolderAsync("Q3", projects);
        var doc = (await client.ImportAsync("plan.md", "# Plan", "docx", "md", mountKey: inner))["token"]!.GetValue<string>();
        var sheet = (await client.ImportAsync("numbers.csv", "a,b\n1,2\n", "sheet", "csv", mountKey: inner))["token"]!.GetValue<string>();

        var listing = await client.GetAsync($"/open-apis/drive/v1/files?folder_token={inner}&order_by=CreatedTime&direction=ASC");
        var files = listing.Data["files"]!.AsArray();
        Assert.Equal(["plan", "numbers"], files.Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal(["docx", "sheet"], files.Select(f => f!["type"]!.GetValue<string>()));
        Assert.All(files, f => Assert.Equal(inner, f!["parent_token"]!.GetValue<string>()));
        Assert.EndsWith($"/docx/{doc}", files[0]!["url"]!.GetValue<string>());
        Assert.Matches("^[0-9]{10}$", files[0]!["created_time"]!.GetValue<string>());
        Assert.StartsWith("ou_", files[0]!["owner_id"]!.GetValue<string>());
        Assert.False(listing.Data["has_more"]!.GetValue<bool>());

        var rootListing = await client.GetAsync("/open-apis/drive/v1/files");
        Assert.Contains(rootListing.Data["files"]!.AsArray(), f => f!["token"]!.GetValue<string>() == projects && f["type"]!.GetValue<string>() == "folder");
        Assert.Contains(projects, (await client.GetAsync($"/open-apis/drive/v1/files?folder_token={root}")).Body.ToJsonString());

        var metas = await client.PostJsonAsync("/open-apis/drive/v1/metas/batch_query", new
        {
            request_docs = new[] { new { doc_token = doc, doc_type = "docx" }, new { doc_token = sheet, doc_type = "docx" }, new { doc_token = doc, doc_type = "mindnote" } },
            with_url = true,
        });
        var meta = Assert.Single(metas.Data["metas"]!.AsArray())!;
        Assert.Equal("plan", meta["title"]!.GetValue<string>());
        Assert.EndsWith($"/docx/{doc}", meta["url"]!.GetValue<string>());
        Assert.Equal([970005, 970002], metas.Data["failed_list"]!.AsArray().Select(f => f!["code"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Listing_pages_with_next_page_token_and_refuses_page_size_over_200()
    {
        var client = await host.AppClientAsync();
        var folder = await client.CreateFolderAsync("Paged");
        for (var i = 0; i < 5; i++)
        {
            await client.CreateFolderAsync($"f{i}", folder);
            host.Clock.Advance(TimeSpan.FromMilliseconds(1)); // creation times order the listing; no two share a millisecond
        }
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = await client.GetAsync($"/open-apis/drive/v1/files?folder_token={folder}&page_size=2&order_by=CreatedTime&direction=ASC" + (token is null ? "" : $"&page_token={token}"));
            seen.AddRange(page.Data["files"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
            token = page.Data["has_more"]!.GetValue<bool>() ? page.Data["next_page_token"]!.GetValue<string>() : null;
        } while (token is not null);
        Assert.Equal(["f0", "f1", "f2", "f3", "f4"], seen);
        (await client.GetAsync($"/open-apis/drive/v1/files?folder_token={folder}&page_size=201")).AssertError(FeishuErrors.DrivePageSizeOutOfLimit);
        (await client.GetAsync("/open-apis/drive/v1/files?folder_token=AAAAAAAAAAAAAAAAAAAAAAAAAAA")).AssertError(FeishuErrors.DriveNotFound);
    }

    [Fact]
    public async Task Folder_names_and_parents_are_validated()
    {
        var client = await host.AppClientAsync();
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "", folder_token = "" })).AssertError(FeishuErrors.DriveParams);
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = new string('名', 86), folder_token = "" })).AssertError(FeishuErrors.DriveParams);
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "x", folder_token = "AAAAAAAAAAAAAAAAAAAAAAAAAAA" })).AssertError(FeishuErrors.DriveNotFound);
        var root = await client.RootAsync();
        Assert.Matches("^[A-Za-z0-9]{27}$", await client.CreateFolderAsync("by root token", root));
    }

    [Fact]
    public async Task Folders_nest_at_most_15_levels()
    {
        var client = await host.AppClientAsync();
        var parent = "";
        for (var level = 1; level <= 15; level++) parent = await client.CreateFolderAsync($"level {level}", parent);
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "too deep", folder_token = parent })).AssertError(FeishuErrors.DriveOutOfDepth);
    }

    [Fact]
    public async Task A_folder_holds_at_most_the_sibling_limit_and_a_drive_the_node_limit()
    {
        using var small = InkportHost.With(("Inkport:Drive:MaxChildren", "3"), ("Inkport:Drive:MaxNodes", "6"));
        var client = await small.AppClientAsync();
        var folder = await client.CreateFolderAsync("full");
        for (var i = 0; i < 3; i++) await client.CreateFolderAsync($"c{i}", folder);
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "c3", folder_token = folder })).AssertError(FeishuErrors.DriveOutOfSiblings);

        // An import into the full folder fails with job_status 105.
        var token = await client.UploadForImportAsync("a.md", "x", "docx", "md");
        var ticket = (await client.CreateImportAsync(token, "md", "docx", mountKey: folder)).Data["ticket"]!.GetValue<string>();
        Assert.Equal(105, (await client.WaitForImportAsync(ticket))["job_status"]!.GetValue<int>());

        await client.CreateFolderAsync("other"); // root + full + 3 + other = 6 nodes
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "seventh", folder_token = "" })).AssertError(FeishuErrors.DriveOutOfSize);
    }

    [Fact]
    public async Task Deleting_a_document_or_a_folder_removes_it_and_a_folder_reports_its_task()
    {
        var client = await host.AppClientAsync();
        var folder = await client.CreateFolderAsync("Trash me");
        var doc = (await client.ImportAsync("gone.md", "# gone", "docx", "md", mountKey: folder))["token"]!.GetValue<string>();
        var kept = (await client.ImportAsync("kept.md", "# kept", "docx", "md"))["token"]!.GetValue<string>();

        (await client.DeleteAsync($"/open-apis/drive/v1/files/{kept}?type=sheet")).AssertError(FeishuErrors.DriveSourceNodeNotFound);
        (await client.DeleteAsync($"/open-apis/drive/v1/files/{kept}")).AssertError(FeishuErrors.DriveParams);
        var deletedDoc = await client.DeleteAsync($"/open-apis/drive/v1/files/{kept}?type=docx");
        deletedDoc.AssertOk();
        (await client.GetAsync($"/open-apis/docx/v1/documents/{kept}")).AssertError(FeishuErrors.DocxNotFound);

        var deleted = await client.DeleteAsync($"/open-apis/drive/v1/files/{folder}?type=folder");
        var taskId = deleted.Data["task_id"]!.GetValue<string>();
        Assert.Equal("success", (await client.GetAsync($"/open-apis/drive/v1/files/task_check?task_id={taskId}")).Data["status"]!.GetValue<string>());
        (await client.GetAsync("/open-apis/drive/v1/files/task_check?task_id=forged-123")).AssertError(FeishuErrors.DriveNotFound);
        (await client.GetAsync($"/open-apis/docx/v1/documents/{doc}/raw_content")).AssertError(FeishuErrors.DocxNotFound);
        (await client.GetAsync($"/open-apis/drive/v1/files?folder_token={folder}")).AssertError(FeishuErrors.DriveNotFound);
        (await client.DeleteAsync($"/open-apis/drive/v1/files/{await client.RootAsync()}?type=folder")).AssertError(FeishuErrors.DriveParams);
    }
}
