using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Inkport.Core.Errors;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

public sealed class AuthTests : IClassFixture<AuthTests.Host>
{
    public sealed class Host() : InkportHost([("Inkport:Apps:0:AppId", "cli_configured"), ("Inkport:Apps:0:AppSecret", "configured-secret")]);

    private readonly Host _host;
    public AuthTests(Host host) => _host = host;

    private async Task<Reply> TokenAsync(string path, object body) =>
        await Reply.From(await _host.Anonymous().PostAsJsonAsync(path, body));

    [Fact]
    public async Task Tenant_token_fields_stand_at_the_top_level()
    {
        var reply = await TokenAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = InkportHost.DevAppId, app_secret = InkportHost.DevAppSecret });
        Assert.Equal(200, reply.Status);
        Assert.Equal(0, reply.Code);
        Assert.Equal("ok", reply.Body["msg"]!.GetValue<string>());
        Assert.StartsWith("t-", reply.Body["tenant_access_token"]!.GetValue<string>());
        Assert.InRange(reply.Body["expire"]!.GetValue<int>(), 7100, 7200);
        Assert.Null(reply.Body["data"]);
    }

    [Fact]
    public async Task The_same_token_is_returned_while_30_minutes_remain_then_a_new_one_and_both_work()
    {
        using var host = new InkportHost();
        var body = new { app_id = InkportHost.DevAppId, app_secret = InkportHost.DevAppSecret };
        async Task<JsonNode> Issue() => (await Reply.From(await host.Anonymous().PostAsJsonAsync("/open-apis/auth/v3/tenant_access_token/internal", body))).Body;

        var first = await Issue();
        host.Clock.Advance(TimeSpan.FromMinutes(80));
        var same = await Issue();
        Assert.Equal(first["tenant_access_token"]!.GetValue<string>(), same["tenant_access_token"]!.GetValue<string>());
        Assert.InRange(same["expire"]!.GetValue<int>(), 2300, 2400);

        host.Clock.Advance(TimeSpan.FromMinutes(11)); // 29 minutes left: a new token
        var renewed = await Issue();
        Assert.NotEqual(first["tenant_access_token"]!.GetValue<string>(), renewed["tenant_access_token"]!.GetValue<string>());
        Assert.InRange(renewed["expire"]!.GetValue<int>(), 7100, 7200);

        foreach (var token in new[] { first, renewed }.Select(t => t["tenant_access_token"]!.GetValue<string>()))
        {
            var http = host.Anonymous();
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await Reply.From(await http.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta"))).AssertOk();
        }

        host.Clock.Advance(TimeSpan.FromMinutes(30)); // the first token has expired
        var expired = host.Anonymous();
        expired.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", first["tenant_access_token"]!.GetValue<string>());
        (await Reply.From(await expired.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta"))).AssertError(FeishuErrors.TenantTokenInvalid);
    }

    [Fact]
    public async Task App_access_token_comes_with_a_tenant_token()
    {
        var reply = await TokenAsync("/open-apis/auth/v3/app_access_token/internal", new { app_id = InkportHost.DevAppId, app_secret = InkportHost.DevAppSecret });
        Assert.Equal(0, reply.Code);
        Assert.StartsWith("a-", reply.Body["app_access_token"]!.GetValue<string>());
        Assert.StartsWith("t-", reply.Body["tenant_access_token"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_app_token_cannot_call_a_data_api()
    {
        var reply = await TokenAsync("/open-apis/auth/v3/app_access_token/internal", new { app_id = InkportHost.DevAppId, app_secret = InkportHost.DevAppSecret });
        var http = _host.Anonymous();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reply.Body["app_access_token"]!.GetValue<string>());
        (await Reply.From(await http.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta"))).AssertError(FeishuErrors.TokenMalformed);
    }

    [Fact]
    public async Task Configured_apps_sign_in_and_wrong_secrets_are_refused()
    {
        Assert.Equal(0, (await TokenAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = "cli_configured", app_secret = "configured-secret" })).Code);
        (await TokenAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = "cli_configured", app_secret = "nope" })).AssertError(FeishuErrors.WrongAppSecret);
        (await TokenAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = "cli_unknown", app_secret = "x" })).AssertError(FeishuErrors.InvalidParam);
        (await TokenAsync("/open-apis/auth/v3/tenant_access_token/internal", new { app_id = "cli_configured" })).AssertError(FeishuErrors.InvalidParam);
        (await TokenAsync("/open-apis/auth/v3/app_access_token/internal", new { app_id = InkportHost.DevAppId, app_secret = "nope" })).AssertError(FeishuErrors.WrongAppSecret);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_an_invalid_param()
    {
        var response = await _host.Anonymous().PostAsync("/open-apis/auth/v3/tenant_access_token/internal", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        (await Reply.From(response)).AssertError(FeishuErrors.InvalidParam);
    }

    [Theory]
    [InlineData(null, nameof(FeishuErrors.NeedToken))]
    [InlineData("Basic abc", nameof(FeishuErrors.NeedToken))]
    [InlineData("Bearer ", nameof(FeishuErrors.NeedToken))]
    [InlineData("Bearer t-unknownunknownunknownunknownunknown0000", nameof(FeishuErrors.TenantTokenInvalid))]
    [InlineData("Bearer u-unknownunknownunknownunknownunknown0000", nameof(FeishuErrors.UserTokenInvalid))]
    [InlineData("Bearer eyJhbGciOiJFUzI1NiIs.unknown.jwt", nameof(FeishuErrors.UserTokenInvalid))]
    [InlineData("Bearer garbage", nameof(FeishuErrors.TokenMalformed))]
    public async Task Bearer_validation_answers_the_documented_codes(string? authorization, string expected)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/open-apis/drive/explorer/v2/root_folder/meta");
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        var reply = await Reply.From(await _host.Anonymous().SendAsync(request));
        reply.AssertError((FeishuError)typeof(FeishuErrors).GetField(expected)!.GetValue(null)!);
    }

    [Fact]
    public async Task An_overlong_bearer_is_malformed()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/open-apis/drive/explorer/v2/root_folder/meta");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer t-" + new string('a', 5000));
        (await Reply.From(await _host.Anonymous().SendAsync(request))).AssertError(FeishuErrors.TokenMalformed);
    }

    [Fact]
    public async Task Every_response_carries_a_log_id_and_unknown_routes_answer_501()
    {
        var client = await _host.AppClientAsync();
        var ok = await client.GetAsync("/open-apis/drive/explorer/v2/root_folder/meta");
        Assert.NotEmpty(ok.Response.Headers.GetValues("X-Tt-Logid").Single());

        var missing = await client.GetAsync("/open-apis/calendar/v4/calendars");
        missing.AssertError(FeishuErrors.NotImplemented);
        Assert.Contains("/open-apis/calendar/v4/calendars", missing.Body["error"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_wrong_method_on_a_known_route_is_method_mismatch()
    {
        var client = await _host.AppClientAsync();
        var reply = await Reply.From(await client.Http.DeleteAsync("/open-apis/drive/v1/import_tasks"));
        Assert.Equal(FeishuErrors.MethodMismatch.Code, reply.Code);
    }
}
