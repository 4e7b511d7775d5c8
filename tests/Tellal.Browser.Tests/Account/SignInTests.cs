using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Browser.Tests.Account;

/// <summary>Signing in with the cookie: wrong passwords, throttling without lockout, and what the cookie alone may not do.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class SignInTests(BrowserFixture fixture)
{
    [Fact]
    public async Task A_wrong_password_is_refused_the_api_answers_401_and_a_cookie_post_needs_the_antiforgery_token()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "requester", TellalPolicies.Requester);
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();

        await page.OpenAsync("/reports", PageNavigation.SignInForm);
        await page.WaitForURLAsync("**/sign-in?*", BrowserFixture.Committed);
        await page.Locator("#userName").FillAsync(requester);
        await page.Locator("#password").FillAsync("not-the-password");
        await page.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("Wrong user name or password.");
        await Screenshots.SaveAsync(page, "sign-in");
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync("/api/reports")).Status);

        await BrowserFixture.SignInAsync(page, requester, BrowserUsers.Password, "/reports");
        Assert.Equal((int)HttpStatusCode.OK, (await context.APIRequest.GetAsync("/api/reports")).Status);
        // The cookie alone is not enough for a POST: the pages' scripts also send the antiforgery token.
        Assert.Equal((int)HttpStatusCode.BadRequest, (await context.APIRequest.PostAsync($"/api/notifications/{Guid.NewGuid()}/read")).Status);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-in", BrowserFixture.Committed);
        Assert.Equal((int)HttpStatusCode.Unauthorized, (await context.APIRequest.GetAsync("/api/reports")).Status);
    }

    [Fact]
    public async Task Wrong_passwords_from_the_same_address_never_lock_the_owner_out_of_the_page()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "guessed", TellalPolicies.Requester);
        using var anonymous = new HttpClient { BaseAddress = fixture.Node.BaseAddress };
        for (var attempt = 1; attempt <= 6; attempt++)
        {
            var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = requester, password = $"wrong-password-{attempt}" });
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // The owner, from the same address, waits a moment (the throttle) and is in.
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, requester, BrowserUsers.Password, "/reports");
        Assert.Equal((int)HttpStatusCode.OK, (await context.APIRequest.GetAsync("/api/reports")).Status);
    }
}
