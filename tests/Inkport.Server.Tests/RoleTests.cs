using System.Net;
using System.Net.Http.Json;
using Inkport.Server.Hosting;
using Inkport.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Inkport.Server.Tests;

/// <summary>--role splits a process's work; --storage, --connection and --role are switches for configuration keys.</summary>
public sealed class RoleTests
{
    [Fact]
    public void The_scale_out_switches_become_configuration_keys_in_both_spellings()
    {
        Assert.Equal(
            ["--Inkport:Storage=postgres", "--ConnectionStrings:Inkport=Host=db;Database=inkport", "--Inkport:Role=worker", "--Inkport:Role=api", "--other"],
            CommandLine.Normalize(["--storage", "postgres", "--connection", "Host=db;Database=inkport", "--role", "worker", "--role=api", "--other"]));
    }

    [Fact]
    public async Task A_worker_serves_health_only_and_runs_the_imports_and_chores()
    {
        using var host = InkportHost.With(("Inkport:Role", "Worker"));
        var http = host.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        var signIn = await http.PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal",
            new { app_id = InkportHost.DevAppId, app_secret = InkportHost.DevAppSecret });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
        Assert.Contains("--role worker", await signIn.Content.ReadAsStringAsync());
        var background = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.Contains(typeof(ImportWorker), background);
        Assert.Contains(typeof(Chores), background);
    }

    [Fact]
    public async Task An_api_process_serves_the_api_without_workers_or_chores()
    {
        using var host = InkportHost.With(("Inkport:Role", "Api"));

        await host.AppClientAsync();
        var background = host.Services.GetServices<IHostedService>().Select(s => s.GetType()).ToList();
        Assert.DoesNotContain(typeof(ImportWorker), background);
        Assert.DoesNotContain(typeof(Chores), background);
    }

    [Fact]
    public void Postgres_storage_without_a_connection_string_says_what_is_missing()
    {
        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var host = InkportHost.With(("Inkport:Storage", "Postgres"));
            _ = host.Services;
        });
        Assert.Contains("--connection", error.ToString());
    }
}
