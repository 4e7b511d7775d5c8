using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;

namespace Tellal.Browser.Tests.Security;

/// <summary>
/// The pages live with their Content-Security-Policy: Chromium reports no violation on any of them (scripts, styles,
/// the progress bar's width, the API calls) and the hub's WebSocket connects under connect-src 'self'.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed class ContentSecurityPolicyTests(BrowserFixture fixture)
{
    /// <summary>Runs before the page's own scripts and keeps what the browser refused, for the test to read.</summary>
    private const string RecordViolations = """
        window.cspViolations = [];
        document.addEventListener("securitypolicyviolation", e =>
            window.cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    [Fact]
    public async Task No_page_breaks_the_policy_and_the_hub_connects()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        // Not an admin: the browser tests share one node, and another test needs "admin" to be its last admin.
        var userName = await BrowserUsers.CreateAsync(admin, "csp", TellalPolicies.Requester, TellalPolicies.Approver);
        using var asUser = await fixture.Node.SignInAsync(userName, BrowserUsers.Password);
        // A report on the list shows the progress bar, whose width is the one style the scripts set.
        using var submit = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
        {
            Content = JsonContent.Create(new { reportType = "daily-rentals-trend", format = "csv" }),
        };
        submit.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        Assert.Equal(HttpStatusCode.Accepted, (await asUser.SendAsync(submit)).StatusCode);

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync(RecordViolations);

        await page.OpenAsync("/sign-in", PageNavigation.SignInForm);
        await AssertNoViolationAsync(page, "/sign-in");
        await BrowserFixture.SignInAsync(page, userName, BrowserUsers.Password, "/reports");
        await Assertions.Expect(page.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("tr[data-report-id] .progress").First).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = 60_000 });
        await AssertNoViolationAsync(page, "/reports");
        await AssertPagesKeepThePolicyAsync(page, "/reports/new", "/approvals");

        await using var adminContext = await fixture.NewContextAsync();
        var adminPage = await adminContext.NewPageAsync();
        await adminPage.AddInitScriptAsync(RecordViolations);
        await BrowserFixture.SignInAsync(adminPage, "admin", BrowserFixture.AdminPassword, "/reports");
        await AssertPagesKeepThePolicyAsync(adminPage, "/admin/users", "/admin/dead-letters", "/admin/health", "/admin/streams");
    }

    private static async Task AssertPagesKeepThePolicyAsync(IPage page, params string[] paths)
    {
        foreach (var path in paths)
        {
            await page.OpenAsync(path, "body[data-hub=connected]");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await AssertNoViolationAsync(page, path);
        }
    }

    private static async Task AssertNoViolationAsync(IPage page, string path)
    {
        var violations = await page.EvaluateAsync<JsonElement>("window.cspViolations");
        Assert.True(violations.GetArrayLength() == 0, $"{path} broke the Content-Security-Policy: {violations}");
    }
}
