using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Flow;

/// <summary>An external report from request to file, through the webhook and through polling when the webhook never comes.</summary>
public sealed class ExternalReportFlowTests(ExternalReportsStack stack) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_external_report_completes_through_the_signed_webhook_with_its_file_and_one_notification()
    {
        var before = await stack.Hub.StatsAsync();
        var started = DateTime.UtcNow;
        var id = await stack.SubmitAsync(region: "NA", top: 4);

        var report = await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal("Ready", report.GetProperty("status").GetString());
        // The webhook finished it, not the poll: it went through (Tellal answered 204) and well before the first poll.
        Assert.True(stack.Relay.Captured.Any(w => w.Body.Contains(id.ToString("N"), StringComparison.Ordinal) && w.ForwardedStatus == 204),
            $"no webhook went through for {id}; ReportHub said:\n{stack.Hub.Output}");
        Assert.True(DateTime.UtcNow - started < ExternalReportsStack.PollInterval, $"took {DateTime.UtcNow - started}");
        await stack.AssertReadyOnceAsync(id);
        Assert.Equal(1, (await stack.Hub.StatsAsync()).Since(before).JobsCreated);
    }

    [Fact]
    public async Task When_the_webhook_is_withheld_polling_completes_the_report()
    {
        await stack.Hub.SetFaultsAsync(new { withholdWebhooks = true });
        var id = await stack.SubmitAsync(region: "APAC");

        var report = await stack.WaitUntilFinalAsync(id, ExternalReportsStack.PollInterval * 3);

        Assert.Equal("Ready", report.GetProperty("status").GetString());
        Assert.DoesNotContain(stack.Relay.Captured, w => w.Body.Contains(id.ToString("N"), StringComparison.Ordinal));
        await stack.AssertReadyOnceAsync(id);
    }

    [Fact]
    public async Task A_job_the_provider_fails_ends_the_report_Failed_with_the_provider_reason_and_the_owner_told()
    {
        var response = await stack.Api.PostAsJsonAsync("/api/reports", new
        {
            reportType = "market-price-index",
            format = "csv",
            parameters = new { from = "2014-06-01", to = "2014-12-31" },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var report = await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal("Failed", report.GetProperty("status").GetString());
        Assert.Equal("The report provider could not produce the report: The market panel has no data before 2015-01-01.",
            report.GetProperty("error").GetString());
        await Eventually.HoldsAsync(async () => (await stack.NotificationsAboutAsync(id)).Count > 0, "the owner is told");
        await ExternalReportsStack.NotificationsSettledAsync(stack.Tellal);
        Assert.Equal(["report.failed"], await stack.NotificationsAboutAsync(id));
    }
}
