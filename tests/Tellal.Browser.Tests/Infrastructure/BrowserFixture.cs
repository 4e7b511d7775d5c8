using Microsoft.Playwright;

using Tellal.Testing;

namespace Tellal.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium per test collection (start-up dominates) and one real `tellal` node with every
/// role. Playwright's own browser downloads are never used: the machine has no internet.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "browser";
    public static readonly string AdminPassword = TestPasswords.New();

    private static readonly string[] ChromiumPaths = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];
    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private readonly Tellal.Testing.TempDirectory _data = new();
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public TellalProcess Node { get; private set; } = null!;

    /// <summary>The node's data directory, for running <c>tellal</c> commands against its database.</summary>
    public string DataDirectory => _data.Path;

    public async ValueTask InitializeAsync()
    {
        Node = TellalProcess.Start(_data.Path, new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // Long enough for the progress bar to be seen moving.
            ["Tellal__Reports__MinimumDuration"] = "00:00:04",
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
        await Node.WaitUntilReadyAsync();
    }

    /// <summary>Debian's headless Chromium (Playwright's own downloads need the internet).</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPaths.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("Chromium is not installed (eng/services.sh install chromium)."),
        Headless = true,
        Args = ChromiumArgs,
    });

    /// <summary>
    /// Waits for a navigation to commit, not for its load event: after a form post and redirects the load event
    /// was sometimes missed (30 s timeouts); the locator assertions that follow wait for the content anyway.
    /// </summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>A fresh browser profile (its own cookies) at desktop width.</summary>
    public Task<IBrowserContext> NewContextAsync() => Browser.NewContextAsync(new BrowserNewContextOptions
    {
        BaseURL = Node.BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        AcceptDownloads = true,
    });

    /// <summary>Opens <paramref name="path"/>, is sent to the sign-in page, signs in and lands back on the path.</summary>
    public static async Task SignInAsync(IPage page, string userName, string password, string path)
    {
        await page.OpenAsync(path, PageNavigation.SignInForm);
        await page.WaitForURLAsync("**/sign-in?*", BrowserFixture.Committed);
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("button[type=submit]").ClickAsync();
        await page.WaitForURLAsync($"**{path}", BrowserFixture.Committed);
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _data.Dispose();
    }
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
