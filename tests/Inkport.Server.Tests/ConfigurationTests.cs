using System.Net.Http.Json;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>Apps come from standard .NET configuration: appsettings.json beside the data, environment variables.</summary>
public sealed class ConfigurationTests
{
    private static async Task<int> SignInAsync(InkportHost host, string appId, string secret)
    {
        var response = await host.Anonymous().PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = appId, app_secret = secret });
        return (await Reply.From(response)).Code;
    }

    [Fact]
    public async Task An_appsettings_json_beside_the_data_adds_apps()
    {
        var dataDir = Directory.CreateTempSubdirectory("inkport-config-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dataDir, "appsettings.json"),
                """{ "Inkport": { "Apps": [ { "AppId": "cli_fromfile", "AppSecret": "file-secret" } ] } }""");
            using var host = InkportHost.With(("Inkport:DataDir", dataDir));
            Assert.Equal(0, await SignInAsync(host, "cli_fromfile", "file-secret"));
            Assert.Equal(0, await SignInAsync(host, InkportHost.DevAppId, InkportHost.DevAppSecret));
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Environment_variables_add_apps_and_the_development_app_can_be_turned_off()
    {
        Environment.SetEnvironmentVariable("Inkport__Apps__5__AppId", "cli_fromenv");
        Environment.SetEnvironmentVariable("Inkport__Apps__5__AppSecret", "env-secret");
        try
        {
            using var host = InkportHost.With(("Inkport:DevelopmentApp", "false"));
            Assert.Equal(0, await SignInAsync(host, "cli_fromenv", "env-secret"));
            Assert.NotEqual(0, await SignInAsync(host, InkportHost.DevAppId, InkportHost.DevAppSecret));
        }
        finally
        {
            Environment.SetEnvironmentVariable("Inkport__Apps__5__AppId", null);
            Environment.SetEnvironmentVariable("Inkport__Apps__5__AppSecret", null);
        }
    }
}
