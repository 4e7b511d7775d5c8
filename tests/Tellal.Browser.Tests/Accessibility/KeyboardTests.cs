using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Browser.Tests.Accessibility;

/// <summary>
/// The main journey with the keyboard alone (Tab, Shift+Tab, Enter, arrows; no clicks): sign in, open New report,
/// fill and submit the form, dismiss the popup, download the file. Every element reached shows a focus ring.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class KeyboardTests(BrowserFixture fixture)
{
    private const int MaxTabs = 60;

    [Fact]
    public async Task A_requester_requests_and_downloads_a_report_using_only_the_keyboard()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "keyboard", TellalPolicies.Requester);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        var keyboard = page.Keyboard;

        await page.OpenAsync("/reports", PageNavigation.SignInForm);
        await page.WaitForURLAsync("**/sign-in?*", BrowserFixture.Committed);
        await Assertions.Expect(page.Locator("#userName")).ToBeFocusedAsync();
        await keyboard.TypeAsync(requester);
        await keyboard.PressAsync("Tab");
        await keyboard.TypeAsync(BrowserUsers.Password);
        await keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/reports", BrowserFixture.Committed);
        await Assertions.Expect(page.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);

        // The first Tab reaches the skip link, which takes focus past the navigation into the page.
        await keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip-link")).ToBeFocusedAsync();
        await AssertFocusRingAsync(page);
        Assert.True((await page.Locator(".skip-link").BoundingBoxAsync())?.X >= 0, "the focused skip link is on screen");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#main")).ToBeFocusedAsync();
        await TabToAsync(page, "main a[href='/reports/new']");
        await keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/reports/new", BrowserFixture.Committed);

        await Assertions.Expect(page.Locator("#reportType option")).Not.ToHaveCountAsync(0);
        await TabToAsync(page, "#reportType");
        await TabToAsync(page, "#title");
        await keyboard.TypeAsync("Typed with the keyboard");
        await TabToAsync(page, "#priority");
        await keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(page.Locator("#priority")).ToHaveValueAsync("high");
        // One step back and forth with Shift+Tab: the order is the visual order.
        await keyboard.PressAsync("Shift+Tab");
        await Assertions.Expect(page.Locator("#format")).ToBeFocusedAsync();
        await keyboard.PressAsync("Tab");
        await TabToAsync(page, "#submit-report");
        await Screenshots.SaveAsync(page, "keyboard-focus");
        await keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/reports", BrowserFixture.Committed);

        var row = page.Locator("tr[data-report-id]").Filter(new LocatorFilterOptions { HasText = "Typed with the keyboard" });
        var reportId = await row.GetAttributeAsync("data-report-id");
        var toast = page.Locator($".toast.report-ready[data-report-id='{reportId}']");
        await Assertions.Expect(toast).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 90_000 });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Ready");

        await TabToAsync(page, $".toast[data-report-id='{reportId}'] button.dismiss");
        await keyboard.PressAsync("Enter");
        await Assertions.Expect(toast).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#main")).ToBeFocusedAsync();

        await TabToAsync(page, $"tr[data-report-id='{reportId}'] a.download");
        var download = await page.RunAndWaitForDownloadAsync(() => keyboard.PressAsync("Enter"));
        var file = Path.Combine(Path.GetTempPath(), $"{reportId}.csv");
        await download.SaveAsAsync(file);
        Assert.StartsWith("Rank,Game,", (await File.ReadAllLinesAsync(file))[0], StringComparison.Ordinal);
        File.Delete(file);
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has focus; each stop must show a focus ring.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        var visited = new List<string>();
        for (var press = 0; press < MaxTabs; press++)
        {
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                await AssertFocusRingAsync(page);
                return;
            }

            await page.Keyboard.PressAsync("Tab");
            visited.Add(await page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? `${e.tagName.toLowerCase()}#${e.id}.${e.className} ${(e.textContent ?? '').trim().slice(0, 20)}` : 'none'; }"));
        }

        Assert.Fail($"{selector} was not reached with Tab; focus went through: {string.Join(" | ", visited)}");
    }

    private static async Task AssertFocusRingAsync(IPage page)
    {
        var ring = await page.EvaluateAsync<string>("""
            () => {
                const e = document.activeElement;
                const style = getComputedStyle(e);
                return e.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
                    ? "" : `${e.tagName} ${e.id}: outline ${style.outlineStyle} ${style.outlineWidth}`;
            }
            """);
        Assert.True(ring.Length == 0, $"The focused element shows no focus ring ({ring}).");
    }
}
