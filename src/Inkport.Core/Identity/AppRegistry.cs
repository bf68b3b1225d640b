namespace Inkport.Core.Identity;

/// <summary>The apps Inkport knows, from configuration; immutable once built.</summary>
public sealed class AppRegistry
{
    /// <summary>The well-known development app (like Azurite's development account): printed at start,
    /// present unless configuration turns it off.</summary>
    public static readonly AppCredentials Development =
        new("cli_inkportdevapp", "inkport-development-secret", "inkport-dev-tenant", "Inkport development app");

    private readonly Dictionary<string, AppCredentials> _apps;

    public AppRegistry(IEnumerable<AppCredentials> apps) =>
        _apps = apps.GroupBy(a => a.AppId).ToDictionary(g => g.Key, g => g.Last());

    public IReadOnlyCollection<AppCredentials> All => _apps.Values;

    public AppCredentials? Find(string appId) => _apps.GetValueOrDefault(appId);
}
