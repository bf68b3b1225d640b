using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>Every principal against every read and write endpoint of a shared folder and its documents:
/// the owner (the app's bot), an editor and a viewer of the folder, a stranger of the same tenant, and
/// an app of another tenant. Every cell is asserted.</summary>
public sealed class PermissionMatrixTests : IClassFixture<PermissionMatrixTests.World>
{
    public sealed class World : InkportHost, IAsyncLifetime
    {
        public World() : base([
            ("Inkport:Users:0:UserId", "editor"), ("Inkport:Users:0:TenantKey", "inkport-dev-tenant"), ("Inkport:Users:0:Email", "editor@example.com"),
            ("Inkport:Users:1:UserId", "viewer"), ("Inkport:Users:1:TenantKey", "inkport-dev-tenant"),
            ("Inkport:Users:2:UserId", "stranger"), ("Inkport:Users:2:TenantKey", "inkport-dev-tenant"),
            ("Inkport:Users:3:UserId", "heir"), ("Inkport:Users:3:TenantKey", "inkport-dev-tenant"),
            ("Inkport:Users:4:UserId", "guest"), ("Inkport:Users:4:TenantKey", "inkport-dev-tenant"),
            ("Inkport:Apps:0:AppId", "cli_elsewhere"), ("Inkport:Apps:0:AppSecret", "elsewhere")])
        { }

        public string Folder = "", Docx = "", Sheet = "", SheetId = "", Base = "", TableId = "";
        public Dictionary<string, FeishuClient> Clients = [];

        public async Task InitializeAsync()
        {
            var owner = await AppClientAsync();
            Folder = await owner.CreateFolderAsync("Shared");
            Docx = (await owner.ImportAsync("doc.md", "# Doc", "docx", "md", mountKey: Folder))["token"]!.GetValue<string>();
            Sheet = (await owner.ImportAsync("s.csv", "a,b\n1,2\n", "sheet", "csv", mountKey: Folder))["token"]!.GetValue<string>();
            SheetId = (await owner.GetAsync($"/open-apis/sheets/v3/spreadsheets/{Sheet}/sheets/query")).Data["sheets"]![0]!["sheet_id"]!.GetValue<string>();
            Base = (await owner.ImportAsync("b.csv", "a,b\n1,2\n", "bitable", "csv", mountKey: Folder))["token"]!.GetValue<string>();
            TableId = (await owner.GetAsync($"/open-apis/bitable/v1/apps/{Base}/tables")).Data["items"]![0]!["table_id"]!.GetValue<string>();
            (await owner.ShareAsync(Folder, "folder", "email", "editor@example.com", "edit")).AssertOk();
            (await owner.ShareAsync(Folder, "folder", "userid", "viewer", "view")).AssertOk();
            Clients["owner"] = owner;
            Clients["editor"] = await UserClientAsync("editor");
            Clients["viewer"] = await UserClientAsync("viewer");
            Clients["stranger"] = await UserClientAsync("stranger");
            Clients["other tenant"] = await AppClientAsync("cli_elsewhere", "elsewhere");
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    private readonly World _world;
    public PermissionMatrixTests(World world) => _world = world;

    public static TheoryData<string> Principals => new() { "owner", "editor", "viewer", "stranger", "other tenant" };

    private static FeishuError? Expect(string principal, FeishuError? forbidden, FeishuError? notFound, bool needsEdit = false) => principal switch
    {
        "owner" or "editor" => null,
        "viewer" => needsEdit ? forbidden : null,
        "stranger" => forbidden,
        _ => notFound,
    };

    private static void Assert_(Reply reply, FeishuError? expected, string what)
    {
        if (expected is null) Assert.True(reply.Code == 0, $"{what}: expected success, got {reply.Body.ToJsonString()}");
        else reply.AssertError(expected);
    }

    [Theory, MemberData(nameof(Principals))]
    public async Task Reads_need_view_permission(string principal)
    {
        var c = _world.Clients[principal];
        var w = _world;
        Assert_(await c.GetAsync($"/open-apis/docx/v1/documents/{w.Docx}"), Expect(principal, FeishuErrors.DocxForbidden, FeishuErrors.DocxNotFound), "docx get");
        Assert_(await c.GetAsync($"/open-apis/docx/v1/documents/{w.Docx}/raw_content"), Expect(principal, FeishuErrors.DocxForbidden, FeishuErrors.DocxNotFound), "docx raw");
        Assert_(await c.GetAsync($"/open-apis/docx/v1/documents/{w.Docx}/blocks"), Expect(principal, FeishuErrors.DocxForbidden, FeishuErrors.DocxNotFound), "docx blocks");
        Assert_(await c.GetAsync($"/open-apis/sheets/v3/spreadsheets/{w.Sheet}"), Expect(principal, FeishuErrors.SheetsPermissionFail, FeishuErrors.SheetsNotFound), "sheet get");
        Assert_(await c.GetAsync($"/open-apis/sheets/v3/spreadsheets/{w.Sheet}/sheets/query"), Expect(principal, FeishuErrors.SheetsPermissionFail, FeishuErrors.SheetsNotFound), "sheets query");
        Assert_(await c.GetAsync($"/open-apis/sheets/v2/spreadsheets/{w.Sheet}/values/{w.SheetId}!A1:B2"), Expect(principal, FeishuErrors.SheetsV2PermissionFail, FeishuErrors.SheetsV2NotFound), "values");
        Assert_(await c.GetAsync($"/open-apis/bitable/v1/apps/{w.Base}"), Expect(principal, FeishuErrors.BitablePermissionDenied, FeishuErrors.BitableBaseNotFound), "bitable app");
        Assert_(await c.GetAsync($"/open-apis/bitable/v1/apps/{w.Base}/tables"), Expect(principal, FeishuErrors.BitablePermissionDenied, FeishuErrors.BitableBaseNotFound), "tables");
        Assert_(await c.GetAsync($"/open-apis/bitable/v1/apps/{w.Base}/tables/{w.TableId}/fields"), Expect(principal, FeishuErrors.BitablePermissionDenied, FeishuErrors.BitableBaseNotFound), "fields");
        Assert_(await c.GetAsync($"/open-apis/bitable/v1/apps/{w.Base}/tables/{w.TableId}/records"), Expect(principal, FeishuErrors.BitablePermissionDenied, FeishuErrors.BitableBaseNotFound), "records");
        Assert_(await c.GetAsync($"/open-apis/drive/v1/files?folder_token={w.Folder}"), Expect(principal, FeishuErrors.DriveForbidden, FeishuErrors.DriveNotFound), "list folder");
        Assert_(await c.GetAsync($"/open-apis/drive/v1/permissions/{w.Docx}/members?type=docx"), Expect(principal, FeishuErrors.PermissionDenied, FeishuErrors.PermissionResourceDeleted), "list members");

        var metas = await c.PostJsonAsync("/open-apis/drive/v1/metas/batch_query", new { request_docs = new[] { new { doc_token = w.Docx, doc_type = "docx" } } });
        metas.AssertOk();
        var expectedMeta = principal switch { "stranger" => 970003, "other tenant" => 970005, _ => 0 };
        Assert.Equal(expectedMeta, metas.Data["failed_list"]!.AsArray().Select(f => f!["code"]!.GetValue<int>()).SingleOrDefault());
    }

    [Theory, MemberData(nameof(Principals))]
    public async Task Writes_need_edit_and_sharing_full_access(string principal)
    {
        var c = _world.Clients[principal];
        var w = _world;
        var folder = await c.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = $"by {principal}", folder_token = w.Folder });
        Assert_(folder, Expect(principal, FeishuErrors.DriveForbidden, FeishuErrors.DriveNotFound, needsEdit: true), "create folder");

        var upload = await c.UploadForImportAsync("x.md", "# x", "docx", "md");
        var import = await c.CreateImportAsync(upload, "md", "docx", mountKey: w.Folder);
        Assert_(import, Expect(principal, FeishuErrors.ImportMountPointNotFound, FeishuErrors.ImportFolderNotExist, needsEdit: true), "import into folder");
        if (import.Code == 0) Assert.Equal(0, (await c.WaitForImportAsync(import.Data["ticket"]!.GetValue<string>()))["job_status"]!.GetValue<int>());

        // Only the owner of the folder (full access) may share the document or delete someone else's.
        var share = await c.ShareAsync(w.Docx, "docx", "userid", "guest", "view");
        Assert_(share, principal switch { "owner" => null, "other tenant" => FeishuErrors.PermissionResourceDeleted, _ => FeishuErrors.PermissionDenied }, "share");
        if (principal == "owner")
            (await c.PostJsonAsync($"/open-apis/drive/v1/permissions/{w.Docx}/members?type=docx", new { member_type = "userid", member_id = "guest", perm = "none" }))
                .AssertError(FeishuErrors.PermissionInvalidParam);

        if (principal != "owner")
        {
            var delete = await c.DeleteAsync($"/open-apis/drive/v1/files/{w.Sheet}?type=sheet");
            delete.AssertError(principal == "other tenant" ? FeishuErrors.DriveSourceNodeNotFound : FeishuErrors.DriveNodeNoPermission);
        }
    }

    /// <summary>A 1×1 PNG.</summary>
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    [Theory, MemberData(nameof(Principals))]
    public async Task An_imported_image_downloads_for_whoever_may_view_its_document(string principal)
    {
        var owner = _world.Clients["owner"];
        var result = await owner.ImportAsync($"pic-{principal}.md", $"![dot](data:image/png;base64,{Png})", "docx", "md", mountKey: _world.Folder);
        var blocks = (await owner.GetAsync($"/open-apis/docx/v1/documents/{result["token"]!.GetValue<string>()}/blocks")).Data["items"]!.AsArray();
        var image = blocks.Single(b => b!["block_type"]!.GetValue<int>() == 27)!["image"]!;
        Assert.Equal(1, image["width"]!.GetValue<int>());
        var download = await _world.Clients[principal].Http.GetAsync($"/open-apis/drive/v1/medias/{image["token"]!.GetValue<string>()}/download");
        switch (principal)
        {
            case "stranger": (await Reply.From(download)).AssertError(FeishuErrors.DriveForbidden); break;
            case "other tenant": (await Reply.From(download)).AssertError(FeishuErrors.DriveNotFound); break;
            default:
                Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
                Assert.Equal(Convert.FromBase64String(Png), await download.Content.ReadAsByteArrayAsync());
                break;
        }
    }

    [Fact]
    public async Task A_bots_document_is_handed_to_a_user_with_full_access()
    {
        var owner = _world.Clients["owner"];
        var doc = (await owner.ImportAsync("handoff.md", "# Yours", "docx", "md"))["token"]!.GetValue<string>();
        var heir = await _world.UserClientAsync("heir");
        (await heir.GetAsync($"/open-apis/docx/v1/documents/{doc}")).AssertError(FeishuErrors.DocxForbidden);
        var userInfo = await heir.GetAsync("/open-apis/authen/v1/user_info");
        (await owner.ShareAsync(doc, "docx", "openid", userInfo.Data["open_id"]!.GetValue<string>(), "full_access")).AssertOk();
        (await heir.GetAsync($"/open-apis/docx/v1/documents/{doc}")).AssertOk();
        (await heir.ShareAsync(doc, "docx", "userid", "viewer", "view")).AssertOk();
        var members = (await heir.GetAsync($"/open-apis/drive/v1/permissions/{doc}/members?type=docx")).Data["items"]!.AsArray();
        Assert.Equal(["full_access", "view"], members.Select(m => m!["perm"]!.GetValue<string>()));
        (await owner.ShareAsync(doc, "docx", "appid", "cli_elsewhere", "view")).AssertError(FeishuErrors.PermissionInvalidParam); // across tenants
    }
}
