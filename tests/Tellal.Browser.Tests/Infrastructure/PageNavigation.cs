using Microsoft.Playwright;

namespace Tellal.Browser.Tests.Infrastructure;

/// <summary>
/// Going to a page the way the tests need it: navigate, then wait for what the test is about to use. Never for the
/// load event: a page's own script may navigate again before it fires (api.js sends a 401 to the sign-in page), and
/// Playwright then fails the navigation as "interrupted by another navigation" although the app did the right thing.
/// </summary>
public static class PageNavigation
{
    /// <summary>The sign-in page's form (the users page has a #userName field too).</summary>
    public const string SignInForm = ".sign-in form";

    private static readonly PageGotoOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Goes to <paramref name="path"/> and waits until the element <paramref name="shows"/> selects is visible.</summary>
    public static async Task OpenAsync(this IPage page, string path, string shows)
    {
        await page.GotoAsync(path, Committed);
        await Assertions.Expect(page.Locator(shows)).ToBeVisibleAsync();
    }

    /// <summary>Reloads the page and waits until the element <paramref name="shows"/> selects is visible.</summary>
    public static async Task ReloadAsync(this IPage page, string shows)
    {
        await page.ReloadAsync(new PageReloadOptions { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator(shows)).ToBeVisibleAsync();
    }
}
