namespace Inkport.Core.Identity;

/// <summary>The apps and users Inkport knows, from configuration; immutable once built.</summary>
public sealed class Identities
{
    /// <summary>The well-known development app (like Azurite's development account): printed at start,
    /// present unless configuration turns it off.</summary>
    public static readonly AppCredentials DevelopmentApp =
        new("cli_inkportdevapp", "inkport-development-secret", "inkport-dev-tenant", "Inkport development app");

    /// <summary>The development app's tenant has one seeded user for the OAuth flow.</summary>
    public static readonly UserAccount DevelopmentUser =
        new("inkport_dev_user", "Inkport Developer", "dev@inkport.local", DevelopmentApp.TenantKey, "inkport");

    private readonly Dictionary<string, AppCredentials> _apps;
    private readonly Dictionary<string, UserAccount> _users;

    public Identities(IEnumerable<AppCredentials> apps, IEnumerable<UserAccount> users)
    {
        _apps = apps.GroupBy(a => a.AppId).ToDictionary(g => g.Key, g => g.Last());
        _users = users.GroupBy(u => u.UserId).ToDictionary(g => g.Key, g => g.Last());
    }

    public IReadOnlyCollection<AppCredentials> Apps => _apps.Values;
    public IReadOnlyCollection<UserAccount> Users => _users.Values;

    public AppCredentials? FindApp(string appId) => _apps.GetValueOrDefault(appId);
    public UserAccount? FindUser(string userId) => _users.GetValueOrDefault(userId);

    public IEnumerable<UserAccount> UsersOf(string tenantKey) => _users.Values.Where(u => u.TenantKey == tenantKey);

    /// <summary>The display name of a principal (user or bot) by open id, for listings.</summary>
    public string? NameOf(string openId) =>
        _users.Values.FirstOrDefault(u => u.OpenId == openId)?.Name ?? _apps.Values.FirstOrDefault(a => a.BotOpenId == openId)?.Name;

    /// <summary>Resolves a member id of a permission request (spec: member_type openid / userid / unionid / email / appid)
    /// to the principal's open id and tenant; null when no such principal exists.</summary>
    public (string OpenId, string TenantKey, string Kind)? ResolveMember(string memberType, string memberId) => memberType switch
    {
        "openid" => _users.Values.FirstOrDefault(u => u.OpenId == memberId) is { } u ? (u.OpenId, u.TenantKey, "user")
            : _apps.Values.FirstOrDefault(a => a.BotOpenId == memberId) is { } a ? (a.BotOpenId, a.TenantKey, "app") : null,
        "userid" => _users.GetValueOrDefault(memberId) is { } u ? (u.OpenId, u.TenantKey, "user") : null,
        "unionid" => _users.Values.FirstOrDefault(u => u.UnionId == memberId) is { } u ? (u.OpenId, u.TenantKey, "user") : null,
        "email" => _users.Values.FirstOrDefault(u => string.Equals(u.Email, memberId, StringComparison.OrdinalIgnoreCase)) is { } u ? (u.OpenId, u.TenantKey, "user") : null,
        "appid" => _apps.GetValueOrDefault(memberId) is { } a ? (a.BotOpenId, a.TenantKey, "app") : null,
        _ => null,
    };
}
