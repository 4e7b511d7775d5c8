using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Reports;

/// <summary>The back office as staff use it: sign in, request a report, watch it run, get the popup, download it, approve.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class ReportJourneyTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan ReportTimeout = TimeSpan.FromSeconds(90);

    /// <summary>The promise: the popup shows within a second of the notification.</summary>
    private static readonly TimeSpan ToastWithin = TimeSpan.FromSeconds(1);

    /// <summary>Notes, in the page's clock (the machine's, like the server's), when each toast entered the page.</summary>
    private const string RecordToastTimes = """
        window.toastShownAt = {};
        new MutationObserver(records => records.forEach(record => record.addedNodes.forEach(node => {
            if (node.classList?.contains("toast")) window.toastShownAt[node.dataset.reportId] = Date.now();
        }))).observe(document, { childList: true, subtree: true });
        """;

    [Fact]
    public async Task A_requester_requests_a_report_watches_it_run_gets_the_popup_in_another_tab_and_downloads_it()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "requester", TellalPolicies.Requester);
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        await SignInAsync(page, requester, "/reports");
        var popups = await context.NewPageAsync();
        await popups.AddInitScriptAsync(RecordToastTimes);
        await popups.OpenAsync("/reports", "#reports");
        await Assertions.Expect(popups.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);

        await page.OpenAsync("/reports/new", "#reportType");
        await page.Locator("#reportType").SelectOptionAsync("top-reviewed-games");
        await page.Locator("#parameter-top").FillAsync("500");
        await page.Locator("#submit-report").ClickAsync();
        await Assertions.Expect(page.Locator("[data-error-for='parameters.top']")).Not.ToBeEmptyAsync();
        await Assertions.Expect(page.Locator("#parameter-top")).ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(page, "new-report-invalid");

        await page.Locator("#parameter-top").FillAsync("10");
        await page.Locator("#title").FillAsync("Best reviewed games");
        await page.Locator("#format").SelectOptionAsync("csv");
        await page.Locator("#submit-report").ClickAsync();
        await page.WaitForURLAsync("**/reports", BrowserFixture.Committed);

        var row = page.Locator("tr[data-report-id]").Filter(new LocatorFilterOptions { HasText = "Best reviewed games" });
        var reportId = await row.GetAttributeAsync("data-report-id");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Running", new LocatorAssertionsToHaveAttributeOptions { Timeout = 30_000 });
        var first = await ProgressAsync(row);
        await Screenshots.SaveAsync(page, "my-reports-running");
        await Eventually.HoldsAsync(async () => await ProgressAsync(row) > first, "the progress bar moves", ReportTimeout);

        var toast = popups.Locator($".toast.report-ready[data-report-id='{reportId}']");
        await Assertions.Expect(toast).ToBeVisibleAsync(new LocatorAssertionsToBeVisibleOptions { Timeout = (float)ReportTimeout.TotalMilliseconds });
        await Screenshots.SaveAsync(popups, "popup-in-second-tab");
        await AssertToastWasQuickAsync(popups, requester, reportId!);
        var download = await popups.RunAndWaitForDownloadAsync(() => toast.Locator("a.download").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"{reportId}.csv");
        await download.SaveAsAsync(file);
        Assert.True(new FileInfo(file).Length > 0);
        Assert.StartsWith("Rank,Game,", (await File.ReadAllLinesAsync(file))[0], StringComparison.Ordinal);
        File.Delete(file);

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Ready");
        await Assertions.Expect(row.Locator("a.download")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "my-reports-ready");
        await page.Locator("#bell").ClickAsync();
        await Assertions.Expect(page.Locator("#inbox-items li").First).ToContainTextAsync("Best reviewed games");
        await Screenshots.SaveAsync(page, "notifications-panel");

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync("tr[data-report-id]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "my-reports-phone");
    }

    [Fact]
    public async Task An_approver_approves_a_request_with_personal_data_and_the_requester_sees_it_become_ready()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "requester", TellalPolicies.Requester);
        var approver = await BrowserUsers.CreateAsync(admin, "approver", TellalPolicies.Approver);
        await using var requesterContext = await NewContextAsync();
        var requesterPage = await requesterContext.NewPageAsync();
        await SignInAsync(requesterPage, requester, "/reports/new");
        await requesterPage.Locator("#reportType").SelectOptionAsync("afk-customers");
        await requesterPage.Locator("#title").FillAsync("Idle customers");
        await Screenshots.SaveAsync(requesterPage, "new-report");
        await requesterPage.Locator("#submit-report").ClickAsync();
        await requesterPage.WaitForURLAsync("**/reports", BrowserFixture.Committed);
        var row = requesterPage.Locator("tr[data-report-id]").Filter(new LocatorFilterOptions { HasText = "Idle customers" });
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "PendingApproval");
        var reportId = await row.GetAttributeAsync("data-report-id");

        await using var approverContext = await NewContextAsync();
        var approverPage = await approverContext.NewPageAsync();
        await SignInAsync(approverPage, approver, "/approvals");
        var request = approverPage.Locator($"article[data-report-id='{reportId}']");
        await Assertions.Expect(request).ToContainTextAsync("Idle customers");
        await Screenshots.SaveAsync(approverPage, "approvals");
        await request.Locator("button.approve").ClickAsync();
        await Assertions.Expect(request).ToHaveCountAsync(0);

        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Ready",
            new LocatorAssertionsToHaveAttributeOptions { Timeout = (float)ReportTimeout.TotalMilliseconds });
    }

    [Fact]
    public async Task An_approver_rejects_a_request_with_a_reason_and_the_requester_gets_the_popup_with_it()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var requester = await BrowserUsers.CreateAsync(admin, "requester", TellalPolicies.Requester);
        var approver = await BrowserUsers.CreateAsync(admin, "approver", TellalPolicies.Approver);
        await using var requesterContext = await NewContextAsync();
        var requesterPage = await requesterContext.NewPageAsync();
        await SignInAsync(requesterPage, requester, "/reports/new");
        await requesterPage.Locator("#reportType").SelectOptionAsync("afk-customers");
        await requesterPage.Locator("#title").FillAsync("Customers to reject");
        await requesterPage.Locator("#submit-report").ClickAsync();
        await requesterPage.WaitForURLAsync("**/reports", BrowserFixture.Committed);
        var row = requesterPage.Locator("tr[data-report-id]").Filter(new LocatorFilterOptions { HasText = "Customers to reject" });
        var reportId = await row.GetAttributeAsync("data-report-id");
        await Assertions.Expect(requesterPage.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);

        await using var approverContext = await NewContextAsync();
        var approverPage = await approverContext.NewPageAsync();
        await SignInAsync(approverPage, approver, "/approvals");
        var request = approverPage.Locator($"article[data-report-id='{reportId}']");
        await request.Locator("button.reject").ClickAsync();
        await Assertions.Expect(approverPage.Locator("#approvals-error")).ToContainTextAsync("reason");
        await request.Locator("textarea").FillAsync("Personal data is not needed for this.");
        await request.Locator("button.reject").ClickAsync();
        await Assertions.Expect(request).ToHaveCountAsync(0);

        await Assertions.Expect(requesterPage.Locator($".toast.report-rejected[data-report-id='{reportId}']")).ToContainTextAsync("Personal data is not needed");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-status", "Rejected");
    }

    /// <summary>
    /// From the notification's creation on the server (its createdAt, stored by the notifier) to the toast in the
    /// second tab: the whole path (outbox, queue, push consumer on the web role, hub, WebSocket, page script).
    /// </summary>
    private async Task AssertToastWasQuickAsync(IPage tab, string requester, string reportId)
    {
        using var client = await fixture.Node.SignInAsync(requester, BrowserUsers.Password);
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/notifications");
        var notification = inbox.GetProperty("items").EnumerateArray()
            .Single(n => n.GetProperty("reportId").GetString() == reportId && n.GetProperty("kind").GetString() == "report.ready");
        var createdAt = notification.GetProperty("createdAt").GetDateTimeOffset();
        var shownAt = DateTimeOffset.FromUnixTimeMilliseconds(await tab.EvaluateAsync<long>("id => window.toastShownAt[id]", reportId));
        var delay = shownAt - createdAt;
        output.WriteLine($"Toast delay (notification created -> toast in the second tab): {delay.TotalMilliseconds:0} ms");
        Assert.True(delay < ToastWithin, $"The toast took {delay.TotalMilliseconds:0} ms after the notification (limit {ToastWithin.TotalMilliseconds:0} ms).");
    }

    private Task<IBrowserContext> NewContextAsync() => fixture.NewContextAsync();

    private static Task SignInAsync(IPage page, string userName, string path) =>
        BrowserFixture.SignInAsync(page, userName, BrowserUsers.Password, path);

    private static async Task<int> ProgressAsync(ILocator row) =>
        int.Parse(await row.Locator("[role=progressbar]").GetAttributeAsync("aria-valuenow") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
