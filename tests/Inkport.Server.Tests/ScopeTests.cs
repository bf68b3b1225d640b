using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

public sealed class ScopeTests
{
    [Fact]
    public async Task An_app_without_any_accepted_scope_is_refused_with_99991672_naming_them()
    {
        using var host = InkportHost.With(("Inkport:Apps:0:AppId", "cli_readonly"), ("Inkport:Apps:0:AppSecret", "s"),
            ("Inkport:Apps:0:Scopes:0", "docx:document:readonly"), ("Inkport:Apps:0:Scopes:1", "drive:drive:readonly"));
        var client = await host.AppClientAsync("cli_readonly", "s");
        var refused = await client.CreateImportAsync("AAAAAAAAAAAAAAAAAAAAAAAAAAA", "md", "docx");
        refused.AssertError(FeishuErrors.ScopeMissing);
        Assert.Contains("docs:document:import", refused.Body["msg"]!.GetValue<string>());
        var scopes = refused.Body["error"]!["permission_violations"]!.AsArray().Select(v => v!["subject"]!.GetValue<string>()).ToList();
        Assert.Equal(["docs:document:import", "drive:drive"], scopes);
        (await client.GetAsync("/open-apis/drive/v1/files")).AssertOk(); // drive:drive:readonly lists
        (await client.PostJsonAsync("/open-apis/drive/v1/files/create_folder", new { name = "x", folder_token = "" })).AssertError(FeishuErrors.ScopeMissing);
    }
}
