using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Reports;

/// <summary>One node with small quotas, and a rate limit high enough not to get in the way of the other quotas.</summary>
public sealed class QuotasApp : IAsyncLifetime
{
    public const int MaxUnfinished = 12;

    public TellalApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Tellal:Reports:MinimumDuration"] = "00:00:01.500",
        ["Tellal:Reports:Quotas:SubmissionBurst"] = "1000",
        ["Tellal:Reports:Quotas:SubmissionsPerMinute"] = "60000",
        ["Tellal:Reports:Quotas:MaxUnfinishedPerUser"] = MaxUnfinished.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Tellal:Reports:Quotas:FairShareQueued"] = "2",
        ["Tellal:Reports:Quotas:HighPriorityPerUser"] = "1",
    });

    public async ValueTask InitializeAsync() => await App.SignedInClientAsync("admin", TellalApp.AdminPassword);

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Each user's fair share of the workers (issue 11, point 4): caps, priority high, fair ordering, withdrawn approval requests.</summary>
public sealed class ReportQuotaTests(QuotasApp quotas) : IClassFixture<QuotasApp>
{
    // Needs an approver: it stays unfinished (PendingApproval) without using a worker.
    private static readonly object Waiting = new { reportType = "afk-customers" };

    private TellalApp App => quotas.App;

    [Fact]
    public async Task A_user_with_the_most_unfinished_reports_gets_429_until_one_ends()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var ids = new List<Guid>();
        for (var i = 0; i < QuotasApp.MaxUnfinished; i++)
        {
            ids.Add(await ReportsApp.SubmitAsync(requester, Waiting));
        }

        var refused = await requester.PostAsJsonAsync("/api/reports", Waiting);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Too many unfinished reports", problem.GetProperty("title").GetString());
        Assert.Equal(QuotasApp.MaxUnfinished, (await requester.GetFromJsonAsync<JsonElement>("/api/reports")).GetArrayLength());

        // Another user is not affected; the same user may go on once a report is over.
        await ReportsApp.SubmitAsync(await App.NewUserAsync(TellalPolicies.Requester), Waiting);
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/reports/{ids[0]}/cancel", null)).StatusCode);
        await ReportsApp.SubmitAsync(requester, Waiting);
    }

    [Fact]
    public async Task Priority_high_is_capped_for_requesters_and_open_to_admins()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var high = new { reportType = "afk-customers", priority = "high" };
        await ReportsApp.SubmitAsync(requester, high);

        var refused = await requester.PostAsJsonAsync("/api/reports", high);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("priority", out _));
        await ReportsApp.SubmitAsync(requester, new { reportType = "afk-customers", priority = "normal" });

        var admin = await App.NewUserAsync(TellalPolicies.Admin);
        await ReportsApp.SubmitAsync(admin, high);
        await ReportsApp.SubmitAsync(admin, high);
    }

    [Fact]
    public async Task Another_users_report_overtakes_a_flood_of_the_same_priority()
    {
        var flooder = await App.NewUserAsync(TellalPolicies.Requester);
        var other = await App.NewUserAsync(TellalPolicies.Requester);
        var report = new { reportType = "top-reviewed-games", format = "csv" };
        var flood = new List<Guid>();
        for (var i = 0; i < QuotasApp.MaxUnfinished; i++)
        {
            flood.Add(await ReportsApp.SubmitAsync(flooder, report));
        }

        var mine = await ReportsApp.SubmitAsync(other, report);
        await ReportsApp.WaitForStatusAsync(other, mine, "Ready", TimeSpan.FromMinutes(3));

        // Measured by order, not time: the other user's report is done while most of the flood still waits.
        var statuses = await Task.WhenAll(flood.Select(async id =>
            (await flooder.GetFromJsonAsync<JsonElement>($"/api/reports/{id}")).GetProperty("status").GetString()));
        var unfinished = statuses.Count(s => s is "Queued" or "Running");
        Assert.True(unfinished > flood.Count / 2, $"only {unfinished} of {flood.Count} flood reports were still unfinished: {string.Join(", ", statuses)}");
    }

    [Fact]
    public async Task Cancelling_a_request_withdraws_its_approval_notifications()
    {
        var approver = await App.NewUserAsync(TellalPolicies.Approver);
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var id = await ReportsApp.SubmitAsync(requester, Waiting);
        await Eventually.HoldsAsync(async () => (await InboxAsync(approver)).Items.Any(n => n.ReportId == id),
            "the approver is asked to review the request");

        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/reports/{id}/cancel", null)).StatusCode);
        await Eventually.HoldsAsync(async () => (await InboxAsync(approver)).Items.All(n => n.ReportId != id),
            "the approval request leaves the approver's inbox");
        var inbox = await InboxAsync(approver);
        Assert.Equal(inbox.Items.Count(n => n.ReadAt is null), inbox.Unread);
    }

    private static async Task<Inbox> InboxAsync(HttpClient user) =>
        (await user.GetFromJsonAsync<Inbox>("/api/notifications?limit=500"))!;

    private sealed record Inbox(int Unread, List<InboxEntry> Items);

    private sealed record InboxEntry(Guid Id, Guid? ReportId, DateTimeOffset? ReadAt);
}
