using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Admin;

/// <summary>The first-run admin adds and manages staff in the browser and looks at dead letters and every node's health.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AdminPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task The_admin_adds_and_manages_a_user_in_the_page_and_sees_dead_letters_and_the_operations_view()
    {
        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", BrowserFixture.AdminPassword, "/admin/users");

        await page.Locator("#add-user").ClickAsync();
        await Assertions.Expect(page.Locator("#new-user [data-error-for=password]")).Not.ToBeEmptyAsync();
        var userName = $"staff-{Guid.NewGuid():N}"[..16];
        await page.Locator("#userName").FillAsync(userName);
        await page.Locator("#email").FillAsync($"{userName}@staff.tellal.test");
        await page.Locator("#password").FillAsync("a-long-enough-password");
        await page.Locator("#new-user input[name=roles][value=Approver]").CheckAsync();
        await page.Locator("#add-user").ClickAsync();
        var row = page.Locator($"tr[data-user='{userName}']");
        await Assertions.Expect(row).ToContainTextAsync("Approver");
        await Screenshots.SaveAsync(page, "admin-users");

        await ManageUserAsync(page, row);
        await ProtectLastAdminAsync(page);

        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Dead letters" }).ClickAsync();
        await Assertions.Expect(page.Locator("#dead-letter-rows")).Not.ToContainTextAsync("Loading");
        await Screenshots.SaveAsync(page, "admin-dead-letters");

        // The operations view: pushed over /hubs/operations, not fetched by the page.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Operations" }).ClickAsync();
        var node = page.Locator("tr[data-node]");
        await Assertions.Expect(node).ToHaveCountAsync(1);
        await Assertions.Expect(node).ToHaveAttributeAsync("data-state", "Ready");
        await Assertions.Expect(node).ToContainTextAsync("web, worker, notifier, scheduler, ingest");
        await Assertions.Expect(node.Locator("ul.checks li")).ToHaveCountAsync(3);
        await Assertions.Expect(node).ToContainTextAsync("database healthy");
        await Assertions.Expect(page.Locator("#backlog")).ToContainTextAsync("Outbox");
        await Assertions.Expect(page.Locator("#streams section[data-transport]")).Not.ToHaveCountAsync(0);
        // The node's first start announced the catalogue to Rentals and Inventory: those queues' work is charted. While
        // that work sits only in the bucket still filling, the chart is a flat line of zero height, which Playwright
        // calls hidden: the chart is asserted shown and its line present, not the line's own box.
        var chart = page.Locator("#rates table[data-table=rates] svg.sparkline").First;
        await Assertions.Expect(chart).ToBeVisibleAsync();
        await Assertions.Expect(chart.Locator("polyline[data-series=handled]")).ToBeAttachedAsync();
        await Assertions.Expect(page.Locator("#pipelines section[data-pipeline=reports]")).ToContainTextAsync("Ready per minute");
        await Screenshots.SaveAsync(page, "admin-health");
    }

    /// <summary>In the dialog: new roles, a generated password (which then signs in), disable, enable.</summary>
    private async Task ManageUserAsync(IPage page, ILocator row)
    {
        var dialog = page.Locator("#user-dialog");
        await row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Manage" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("input[name=roles][value=Requester]").CheckAsync();
        await dialog.Locator("#save-roles").ClickAsync();
        await Assertions.Expect(row).ToContainTextAsync("Requester, Approver");

        await dialog.Locator("#set-password").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-error-for=password]")).Not.ToBeEmptyAsync();
        await dialog.Locator("#generate-password").ClickAsync();
        var generated = dialog.Locator("#generated-password code");
        await Assertions.Expect(generated).Not.ToBeEmptyAsync();
        await Screenshots.SaveAsync(page, "admin-user-dialog");
        var userName = (await row.GetAttributeAsync("data-user"))!;
        var password = await generated.InnerTextAsync();
        await using var staffContext = await fixture.NewContextAsync();
        var staffPage = await staffContext.NewPageAsync();
        await BrowserFixture.SignInAsync(staffPage, userName, password, "/reports");

        await dialog.Locator("#toggle-user").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "disabled");
        await Assertions.Expect(dialog.Locator("#toggle-user")).ToHaveTextAsync("Enable");
        // The disabled user's open session ends within seconds, and signing in again says why.
        await Eventually.HoldsAsync(() => SessionEndedAsync(staffContext), "the disabled user's session ends", TimeSpan.FromSeconds(30));
        var again = await staffContext.NewPageAsync();
        await again.OpenAsync("/sign-in", PageNavigation.SignInForm);
        await again.Locator("#userName").FillAsync(userName);
        await again.Locator("#password").FillAsync(password);
        await again.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(again.Locator("#sign-in-error")).ToContainTextAsync("disabled");
        await dialog.Locator("#toggle-user").ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "active");

        // Escape closes the dialog and gives focus back to the button that opened it.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Manage" })).ToBeFocusedAsync();
    }

    /// <summary>
    /// Opens My reports in a new tab of <paramref name="session"/> (an older tab's own script may be navigating at that
    /// moment) and waits until the tab settles: on the sign-in form (the server, or the page's script after its API
    /// call's 401, sent it there: the session ended) or on the loaded list of reports (the session still held).
    /// </summary>
    private static async Task<bool> SessionEndedAsync(IBrowserContext session)
    {
        var tab = await session.NewPageAsync();
        try
        {
            await tab.GotoAsync("/reports", new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            var signIn = tab.Locator(PageNavigation.SignInForm);
            await Assertions.Expect(signIn.Or(tab.Locator("#report-rows:not(:has-text('Loading'))"))).ToBeVisibleAsync();
            return await signIn.IsVisibleAsync();
        }
        finally
        {
            await tab.CloseAsync();
        }
    }

    private static async Task ProtectLastAdminAsync(IPage page)
    {
        var dialog = page.Locator("#user-dialog");
        await page.Locator("tr[data-user='admin']").GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Manage" }).ClickAsync();
        await dialog.Locator("input[name=roles][value=Admin]").UncheckAsync();
        await dialog.Locator("#save-roles").ClickAsync();
        await Assertions.Expect(dialog.Locator("#user-dialog-error")).ToContainTextAsync("last admin");
        await Assertions.Expect(page.Locator("tr[data-user='admin']")).ToContainTextAsync("Admin");
        await dialog.Locator("#user-dialog-close").ClickAsync();
        await Assertions.Expect(dialog).Not.ToBeVisibleAsync();
    }
}
