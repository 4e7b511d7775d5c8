using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;

namespace Tellal.Browser.Tests.Admin;

/// <summary>The first-run admin adds staff in the browser and looks at dead letters and the node's health.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AdminPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_admin_adds_a_user_in_the_page_and_sees_dead_letters_and_node_health()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", BrowserFixture.AdminPassword, "/admin/users");

        await page.Locator("#add-user").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for=password]")).Not.ToBeEmptyAsync();
        var userName = $"staff-{Guid.NewGuid():N}"[..16];
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#email").FillAsync($"{userName}@staff.tellal.test");
        await page.Locator("#password").FillAsync("a-long-enough-password");
        await page.Locator("input[name=roles][value=Approver]").CheckAsync();
        await page.Locator("#add-user").ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-user='{userName}']")).ToContainTextAsync("Approver");
        await Screenshots.SaveAsync(page, "admin-users");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Dead letters" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dead-letter-rows")).Not.ToContainTextAsync("Loading");
        await Screenshots.SaveAsync(page, "admin-dead-letters");

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Node health" }).ClickAsync();
        await Assertions.Expect(page.Locator("#health")).ToContainTextAsync("Healthy");
        await Screenshots.SaveAsync(page, "admin-health");
    }
}
