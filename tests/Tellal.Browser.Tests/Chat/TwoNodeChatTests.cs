using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Chat;

/// <summary>
/// Two staff members in two browser profiles behind Nginx (the deployment's site), each pinned to its own web node by
/// the site's <c>tellal_node</c> cookie (PostgreSQL and Redis shared): each page's chat hub is on the node it was pinned
/// to (its negotiate answer names the node, and the connection it opens afterwards lives only there), what one types on
/// web A appears on the other's page on web B and back, one closing their browser is seen live by the other, markup
/// shows as text, the page works with the keyboard and at phone width.
/// </summary>
public sealed class TwoNodeChatTests : IAsyncLifetime
{
    private const string NodeA = "web-a";
    private const string NodeB = "web-b";
    private readonly TempDirectory _dataA = new();
    private readonly TempDirectory _dataB = new();
    private readonly string _adminPassword = TestPasswords.New();
    private readonly NginxSite _nginx = new(AppProcess.FreePort());
    private PostgresDatabase? _database;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private TellalProcess? _webA;
    private TellalProcess? _webB;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = _database.ConnectionString,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Bootstrap__AdminPassword"] = _adminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // Behind Nginx, as deployed (node.env): the nodes take the client's scheme and address from it.
            ["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true",
        };
        _webA = TellalProcess.Start(_dataA.Path, new Dictionary<string, string>(settings) { ["Tellal__NodeName"] = NodeA }, "--roles", "web,notifier,scheduler");
        _webB = TellalProcess.Start(_dataB.Path, new Dictionary<string, string>(settings) { ["Tellal__NodeName"] = NodeB }, "--roles", "web");
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
        await Task.WhenAll(_webA.WaitUntilReadyAsync(), _webB.WaitUntilReadyAsync());
        await _nginx.RouteAsync([_webA, _webB], new Dictionary<string, TellalProcess> { [NodeA] = _webA, [NodeB] = _webB });
    }

    [Fact]
    public async Task Two_staff_members_on_two_web_nodes_behind_Nginx_talk_live_with_the_keyboard_and_at_phone_width()
    {
        using var admin = await TellalProcess.SignInAsync(_nginx.Address, "admin", _adminPassword);
        var ayse = await BrowserUsers.CreateAsync(admin, "ayse", TellalPolicies.Requester);
        var cem = await BrowserUsers.CreateAsync(admin, "cem", TellalPolicies.Clerk);
        var created = await admin.PostAsJsonAsync("/api/chat/rooms", new { name = "rentals" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var room = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var member in new[] { ayse, cem })
        {
            // The chat module learns of new staff from Identity's announcement, a moment after the user is created.
            await Eventually.HoldsAsync(async () => (await admin.PutAsync($"/api/chat/rooms/{room}/members/{member}", null)).StatusCode == HttpStatusCode.NoContent,
                $"{member} joined the channel");
        }

        var pageA = await PinnedPageAsync(NodeA, new ViewportSize { Width = 1280, Height = 900 });
        var pageB = await PinnedPageAsync(NodeB, new ViewportSize { Width = 390, Height = 844 });
        await SignInOnNodeAsync(pageA, ayse, NodeA);
        await SignInOnNodeAsync(pageB, cem, NodeB);

        // Keyboard only on A: Tab to the room's button, Enter opens it and puts the focus in the message box.
        await pageA.Locator(".chat-room-button").FocusAsync();
        await pageA.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pageA.Locator("#chat-text")).ToBeFocusedAsync();
        await pageB.Locator(".chat-room-button", new() { HasText = "#rentals" }).ClickAsync();
        await Assertions.Expect(pageB.Locator("#chat-title")).ToHaveTextAsync("#rentals");

        var markup = "<b>Is game 42 back?</b> <script>window.pwned = 1</script>";
        await pageA.Keyboard.TypeAsync($"{markup} @{cem}");
        await pageA.Keyboard.PressAsync("Enter");

        var onPageB = pageB.Locator("#chat-messages .chat-message p").Last;
        await Assertions.Expect(onPageB).ToHaveTextAsync($"{markup} @{cem}");
        Assert.Equal(0, await pageB.Locator("#chat-messages b, #chat-messages script").CountAsync());
        Assert.Null(await pageB.EvaluateAsync<int?>("() => window.pwned"));
        // The mention reached cem on web B as a popup (the notifier runs on web A).
        await Assertions.Expect(pageB.Locator(".toast.chat-mention")).ToContainTextAsync($"{ayse} mentioned you in #rentals");

        await pageB.Locator("#chat-text").FillAsync("Yes, it came back this morning");
        await pageB.Locator("#chat-text").PressAsync("Enter");
        await Assertions.Expect(pageA.Locator("#chat-messages .chat-message p").Last).ToHaveTextAsync("Yes, it came back this morning");

        // Phone width: nothing wider than the screen.
        Assert.True(await pageB.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await Assertions.Expect(pageA.Locator("#chat-members")).ToContainTextAsync($"{cem} (online)");
        await Screenshots.SaveAsync(pageA, "chat");
        await Screenshots.SaveAsync(pageB, "chat-phone");

        // cem closes his browser (on web B): ayse's page on web A is told over its hub; it does not ask again.
        await pageB.Context.CloseAsync();
        await Assertions.Expect(pageA.Locator("#chat-members")).Not.ToContainTextAsync($"{cem} (online)");
        await Assertions.Expect(pageA.Locator("#chat-members")).ToContainTextAsync(cem);
    }

    /// <summary>A fresh browser profile that Nginx sends to one node (the site's pin cookie).</summary>
    private async Task<IPage> PinnedPageAsync(string node, ViewportSize viewport)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _nginx.Address.ToString(), ViewportSize = viewport });
        await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "tellal_node", Value = node, Url = _nginx.Address.ToString() }]);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// Signs in on /chat and checks where its hub connection is: the negotiate answer names the node (Tellal-Node), and
    /// the connection id it hands out exists only in that node's memory, so the page being connected means it is there.
    /// </summary>
    private static async Task SignInOnNodeAsync(IPage page, string userName, string node)
    {
        var negotiated = await page.RunAndWaitForResponseAsync(
            () => BrowserFixture.SignInAsync(page, userName, BrowserUsers.Password, "/chat"),
            response => response.Url.Contains("/hubs/chat/negotiate", StringComparison.Ordinal),
            new PageRunAndWaitForResponseOptions { Timeout = 120_000 });
        Assert.True(negotiated.Ok, $"negotiate answered {negotiated.Status}");
        Assert.Equal(node, await negotiated.HeaderValueAsync("tellal-node"));
        await Assertions.Expect(page.Locator("#chat[data-hub=connected]")).ToHaveCountAsync(1);
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        await NginxSite.RemoveAsync();
        foreach (var node in new[] { _webA, _webB }.Where(n => n is not null))
        {
            await node!.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _dataA.Dispose();
        _dataB.Dispose();
    }
}
