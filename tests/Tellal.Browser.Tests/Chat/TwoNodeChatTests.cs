using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Chat;

/// <summary>
/// Two staff members in two browser profiles, each on its own web node (PostgreSQL and Redis shared): what one types on
/// web A appears on the other's page on web B, markup shows as text, the page works with the keyboard and at phone width.
/// </summary>
public sealed class TwoNodeChatTests : IAsyncLifetime
{
    private readonly TempDirectory _dataA = new();
    private readonly TempDirectory _dataB = new();
    private readonly string _adminPassword = TestPasswords.New();
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
        };
        _webA = TellalProcess.Start(_dataA.Path, settings, "--roles", "web,notifier,scheduler");
        _webB = TellalProcess.Start(_dataB.Path, settings, "--roles", "web");
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
        await Task.WhenAll(_webA.WaitUntilReadyAsync(), _webB.WaitUntilReadyAsync());
    }

    [Fact]
    public async Task Two_staff_members_on_two_web_nodes_talk_live_with_the_keyboard_and_at_phone_width()
    {
        using var admin = await _webA!.SignInAsync("admin", _adminPassword);
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

        await using var onA = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = _webA.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await using var onB = await _browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = _webB!.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var pageA = await onA.NewPageAsync();
        var pageB = await onB.NewPageAsync();
        await BrowserFixture.SignInAsync(pageA, ayse, BrowserUsers.Password, "/chat");
        await BrowserFixture.SignInAsync(pageB, cem, BrowserUsers.Password, "/chat");

        // Keyboard only on A: Tab to the room's button, Enter opens it and puts the focus in the message box.
        await Assertions.Expect(pageA.Locator("#chat[data-hub=connected]")).ToHaveCountAsync(1);
        await pageA.Locator(".chat-room-button").FocusAsync();
        await pageA.Keyboard.PressAsync("Enter");
        await Assertions.Expect(pageA.Locator("#chat-text")).ToBeFocusedAsync();
        await Assertions.Expect(pageB.Locator("#chat[data-hub=connected]")).ToHaveCountAsync(1);
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
        await Screenshots.SaveAsync(pageA, "chat");
        await Screenshots.SaveAsync(pageB, "chat-phone");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
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
