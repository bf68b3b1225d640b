using Microsoft.Playwright;

namespace Inkport.Console.Tests;

/// <summary>Debian's Chromium driven by Playwright, one per test run; never a downloaded browser.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Chromium { get; private set; } = null!;

    public ConsoleHost Host { get; } = new();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium (apt-get install chromium)");
        _playwright = await Playwright.CreateAsync();
        Chromium = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--disable-quic"],
        });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>A fresh browser context (its own cookies and storage) on the host, failing the test on a script error.</summary>
    public async Task<IPage> NewPageAsync(float zoom = 1)
    {
        var context = await Chromium.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseUrl,
            // Browser zoom at a 1280×900 window: fewer CSS pixels, each drawn larger.
            ViewportSize = new ViewportSize { Width = (int)(1280 / zoom), Height = (int)(900 / zoom) },
            DeviceScaleFactor = zoom,
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        _errors.Add(page, errors);
        page.PageError += (_, error) => errors.Add(error);
        return page;
    }

    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPage, List<string>> _errors = [];

    /// <summary>Uncaught script errors of a page (tests assert there are none).</summary>
    public IReadOnlyList<string> ScriptErrors(IPage page) => _errors.TryGetValue(page, out var errors) ? errors : [];

    /// <summary>Screenshots land in TestResults/screenshots at the repository root (or beside the tests).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = ScreenshotFolder();
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(dir, $"{name}.png"), FullPage = false });
    }

    private static string ScreenshotFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Inkport.slnx"))) return Path.Combine(dir.FullName, "TestResults", "screenshots");
        return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<Browser>
{
    public const string Name = "browser";
}
