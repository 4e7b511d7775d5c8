using System.Net;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Browser.Tests.Account;

/// <summary>Signing in with the cookie: wrong passwords, lockout, and what the cookie alone may not do.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_wrong_password_is_refused_the_api_answers_401_and_a_cookie_post_needs_the_antiforgery_token()
    {
        using var admin = await fixture.Node.ApiClientAsync("admin", BrowserFixture.AdminPassword);
        var requester = await TellalNode.CreateUserAsync(admin, "requester", TellalPolicies.Requester);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.GotoAsync("/reports");
        await page.WaitForURLAsync("**/sign-in?*");
        await SubmitAsync(page, requester, "not-the-password");
        await Assertions.Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("Wrong user name or password.");
        await Screenshots.SaveAsync(page, "sign-in");
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync("/api/reports")).Status);

        await BrowserFixture.SignInAsync(page, requester, TellalNode.UserPassword, "/reports");
        Assert.Equal((int)HttpStatusCode.OK, (await context.APIRequest.GetAsync("/api/reports")).Status);
        // The cookie alone is not enough for a POST: the pages' scripts also send the antiforgery token.
        Assert.Equal((int)HttpStatusCode.BadRequest, (await context.APIRequest.PostAsync($"/api/notifications/{Guid.NewGuid()}/read")).Status);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in");
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync("/api/reports")).Status);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        using var admin = await fixture.Node.ApiClientAsync("admin", BrowserFixture.AdminPassword);
        var requester = await TellalNode.CreateUserAsync(admin, "locked", TellalPolicies.Requester);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/sign-in");

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await SubmitAsync(page, requester, $"wrong-password-{attempt}");
        }

        await SubmitAsync(page, requester, TellalNode.UserPassword);
        await Assertions.Expect(page.Locator("#sign-in-error")).ToContainTextAsync("locked");
    }

    private static async Task SubmitAsync(IPage page, string userName, string password)
    {
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#password").FillAsync(password);
        // The page is already the sign-in page: wait for the round trip, not for a URL that matches at once.
        await page.RunAndWaitForResponseAsync(() => page.Locator("button[type=submit]").ClickAsync(),
            response => response.Request.Method == "GET" && response.Url.Contains("/sign-in?", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync(LoadState.DOMContentLoaded);
    }
}
