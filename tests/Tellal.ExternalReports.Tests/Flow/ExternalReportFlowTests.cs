using Tellal.ExternalReports.Tests.Infrastructure;

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
}
