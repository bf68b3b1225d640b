using System.Text;
using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

public sealed class ImportTaskTests : IClassFixture<ImportTaskTests.Host>
{
    /// <summary>Two apps in one tenant (for another owner's folder) and one in a tenant of its own.</summary>
    public sealed class Host() : InkportHost([
        ("Inkport:Apps:0:AppId", "cli_sibling"), ("Inkport:Apps:0:AppSecret", "sibling-secret"), ("Inkport:Apps:0:TenantKey", "inkport-dev-tenant"),
        ("Inkport:Apps:1:AppId", "cli_stranger"), ("Inkport:Apps:1:AppSecret", "stranger-secret")]);

    private readonly Host _host;
    public ImportTaskTests(Host host) => _host = host;

    [Fact]
    public async Task Create_answers_a_19_digit_ticket_and_the_task_reaches_success_with_token_and_url()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("Quarterly notes.md", "# Hi\n", "docx", "md");
        var created = await client.CreateImportAsync(token, "md", "docx");
        created.AssertOk();
        var ticket = created.Data["ticket"]!.GetValue<string>();
        Assert.Matches("^[0-9]{19}$", ticket);

        var result = await client.WaitForImportAsync(ticket);
        Assert.Equal(0, result["job_status"]!.GetValue<int>());
        Assert.Equal(ticket, result["ticket"]!.GetValue<string>());
        Assert.Equal("docx", result["type"]!.GetValue<string>());
        Assert.Equal("success", result["job_error_msg"]!.GetValue<string>());
        var document = result["token"]!.GetValue<string>();
        Assert.Matches("^[A-Za-z0-9]{27}$", document);
        Assert.Equal($"{client.Http.BaseAddress!.GetLeftPart(UriPartial.Authority)}/docx/{document}", result["url"]!.GetValue<string>());
        Assert.Empty(result["extra"]!.AsArray());

        // file_name defaults to the uploaded name without its extension.
        var meta = await client.GetAsync($"/open-apis/docx/v1/documents/{document}");
        Assert.Equal("Quarterly notes", meta.Data["document"]!["title"]!.GetValue<string>());

        // The url opens the console's viewer, which first asks a browser without a session to sign in.
        using var page = await _host.NoRedirects().GetAsync($"/docx/{document}");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal($"/signin?return=%2Fdocx%2F{document}", page.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_staged_upload_is_deleted_once_imported()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.md", "x", "docx", "md");
        var created = await client.CreateImportAsync(token, "md", "docx");
        await client.WaitForImportAsync(created.Data["ticket"]!.GetValue<string>());
        (await client.CreateImportAsync(token, "md", "docx")).AssertError(FeishuErrors.ImportFileTokenNotFound);
    }

    [Fact]
    public async Task A_file_that_is_not_what_its_extension_says_fails_with_129_and_no_document()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.xls", "this is not a spreadsheet", "sheet", "xls");
        var created = await client.CreateImportAsync(token, "xls", "sheet");
        created.AssertOk();
        var result = await client.WaitForImportAsync(created.Data["ticket"]!.GetValue<string>());
        Assert.Equal(129, result["job_status"]!.GetValue<int>());
        Assert.Contains("damaged", result["job_error_msg"]!.GetValue<string>());
        Assert.Equal("", result["token"]!.GetValue<string>());
        Assert.Equal("", result["url"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{\"file_token\":\"x\",\"type\":\"docx\",\"point\":{\"mount_type\":1,\"mount_key\":\"\"}}")]
    [InlineData("{\"file_extension\":\"md\",\"type\":\"docx\",\"point\":{\"mount_type\":1,\"mount_key\":\"\"}}")]
    [InlineData("{\"file_extension\":\"md\",\"file_token\":\"x\",\"type\":\"slides\",\"point\":{\"mount_type\":1,\"mount_key\":\"\"}}")]
    [InlineData("{\"file_extension\":\"md\",\"file_token\":\"x\",\"type\":\"docx\",\"point\":{\"mount_type\":2,\"mount_key\":\"\"}}")]
    [InlineData("{\"file_extension\":\"md\",\"file_token\":\"x\",\"type\":\"docx\"}")]
    [InlineData("not json")]
    public async Task Malformed_requests_are_invalid_param(string body)
    {
        var client = await _host.AppClientAsync();
        var response = await client.Http.PostAsync("/open-apis/drive/v1/import_tasks", new StringContent(body, Encoding.UTF8, "application/json"));
        (await Reply.From(response)).AssertError(FeishuErrors.ImportInvalidParam);
    }

    [Fact]
    public async Task A_pair_outside_the_matrix_is_invalid_param()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.md", "x", "sheet", "md");
        (await client.CreateImportAsync(token, "md", "sheet")).AssertError(FeishuErrors.ImportInvalidParam);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("abcdefghijklmnopqrstuvwxyz0123")]
    [InlineData("abcdefghijklmnopqrstuvwx-yz")]
    public async Task A_malformed_file_token_is_invalid_file_token(string token)
    {
        var client = await _host.AppClientAsync();
        (await client.CreateImportAsync(token, "md", "docx")).AssertError(FeishuErrors.ImportInvalidFileToken);
    }

    [Fact]
    public async Task An_unknown_file_token_is_not_found_and_so_is_another_apps_upload()
    {
        var client = await _host.AppClientAsync();
        (await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx")).AssertError(FeishuErrors.ImportFileTokenNotFound);

        var stranger = await _host.AppClientAsync("cli_stranger", "stranger-secret");
        var theirs = await stranger.UploadForImportAsync("a.md", "x", "docx", "md");
        (await client.CreateImportAsync(theirs, "md", "docx")).AssertError(FeishuErrors.ImportFileTokenNotFound);
    }

    [Fact]
    public async Task Extension_and_type_must_match_the_upload()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.md", "x", "docx", "md");
        (await client.CreateImportAsync(token, "markdown", "docx")).AssertError(FeishuErrors.ImportExtensionMismatch);

        var csv = await client.UploadForImportAsync("a.csv", "a,b\n1,2\n", "sheet", "csv");
        (await client.CreateImportAsync(csv, "csv", "bitable")).AssertError(FeishuErrors.ImportTypeMismatch);
    }

    [Fact]
    public async Task An_upload_is_usable_for_5_minutes()
    {
        using var host = new InkportHost();
        var client = await host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.md", "x", "docx", "md");
        host.Clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        (await client.CreateImportAsync(token, "md", "docx")).AssertError(FeishuErrors.ImportFileTokenExpired);
    }

    [Fact]
    public async Task The_mount_folder_must_exist_and_belong_to_the_caller()
    {
        var client = await _host.AppClientAsync();
        var token = await client.UploadForImportAsync("a.md", "x", "docx", "md");
        (await client.CreateImportAsync(token, "md", "docx", mountKey: "AAAAAAAAAAAAAAAAAAAAAAAAAAA")).AssertError(FeishuErrors.ImportFolderNotExist);

        var sibling = await _host.AppClientAsync("cli_sibling", "sibling-secret");
        var siblingRoot = (await sibling.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta")).Data["token"]!.GetValue<string>();
        (await client.CreateImportAsync(token, "md", "docx", mountKey: siblingRoot)).AssertError(FeishuErrors.ImportMountPointNotFound);

        var stranger = await _host.AppClientAsync("cli_stranger", "stranger-secret");
        var strangerRoot = (await stranger.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta")).Data["token"]!.GetValue<string>();
        (await client.CreateImportAsync(token, "md", "docx", mountKey: strangerRoot)).AssertError(FeishuErrors.ImportFolderNotExist);

        var ownRoot = (await client.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta")).Data["token"]!.GetValue<string>();
        (await client.CreateImportAsync(token, "md", "docx", mountKey: ownRoot)).AssertOk();
    }

    [Fact]
    public async Task Unknown_and_foreign_tickets_are_invalid_param_and_foreign_documents_are_hidden()
    {
        var client = await _host.AppClientAsync();
        (await client.GetAsync("/open-apis/drive/v1/import_tasks/7000000000000000000")).AssertError(FeishuErrors.ImportInvalidParam);
        (await client.GetAsync("/open-apis/drive/v1/import_tasks/not-a-ticket")).AssertError(FeishuErrors.ImportInvalidParam);

        var token = await client.UploadForImportAsync("mine.md", "# mine", "docx", "md");
        var ticket = (await client.CreateImportAsync(token, "md", "docx")).Data["ticket"]!.GetValue<string>();
        var document = (await client.WaitForImportAsync(ticket))["token"]!.GetValue<string>();

        var sibling = await _host.AppClientAsync("cli_sibling", "sibling-secret");
        (await sibling.GetAsync($"/open-apis/drive/v1/import_tasks/{ticket}")).AssertError(FeishuErrors.ImportInvalidParam);
        (await sibling.GetAsync($"/open-apis/docx/v1/documents/{document}")).AssertError(FeishuErrors.DocxForbidden);

        var stranger = await _host.AppClientAsync("cli_stranger", "stranger-secret");
        (await stranger.GetAsync($"/open-apis/docx/v1/documents/{document}")).AssertError(FeishuErrors.DocxNotFound);
        (await stranger.GetAsync($"/open-apis/docx/v1/documents/{document}/blocks")).AssertError(FeishuErrors.DocxNotFound);
    }

    [Fact]
    public async Task A_conversion_over_the_wall_clock_limit_fails_with_108()
    {
        using var host = InkportHost.With(("Inkport:Import:TimeoutSeconds", "0.001"));
        var client = await host.AppClientAsync();
        var csv = new StringBuilder("id,name,amount\n");
        for (var i = 0; i < 200_000; i++) csv.Append(i).Append(",name ").Append(i).Append(',').Append(i * 1.5).Append('\n');
        var result = await client.ImportAsync("big.csv", csv.ToString(), "sheet", "csv");
        Assert.Equal(108, result["job_status"]!.GetValue<int>());
        Assert.Equal("", result["token"]!.GetValue<string>());
    }
}
