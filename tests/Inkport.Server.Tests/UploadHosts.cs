using Inkport.Core.Identity;
using Inkport.Server.Tests.Infrastructure;

namespace Inkport.Server.Tests;

/// <summary>A host whose tenant (the development app's) has a second app, for "another identity" cases.</summary>
public class SharedTenantHost : InkportHost
{
    public const string SecondAppId = "cli_second";
    public const string SecondAppSecret = "second-secret";

    public SharedTenantHost() : this([]) { }

    protected SharedTenantHost((string Key, string Value)[] settings) : base(
    [
        ("Inkport:Apps:0:AppId", SecondAppId), ("Inkport:Apps:0:AppSecret", SecondAppSecret),
        ("Inkport:Apps:0:TenantKey", Identities.DevelopmentApp.TenantKey), .. settings,
    ]) { }

    public Task<FeishuClient> SecondAppClientAsync() => AppClientAsync(SecondAppId, SecondAppSecret);

    /// <summary>A shared-tenant host with extra settings (the test owns and disposes it).</summary>
    public static SharedTenantHost WithSettings(params (string Key, string Value)[] settings) => new(settings);
}
