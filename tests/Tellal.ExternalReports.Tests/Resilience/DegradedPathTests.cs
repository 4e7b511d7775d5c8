using System.Diagnostics;
using Tellal.ExternalReports.Tests.Infrastructure;

namespace Tellal.ExternalReports.Tests.Resilience;

/// <summary>Slow answers on either side: Tellal's webhook endpoint overloaded, ReportHub's response times degraded to 2-10 s.</summary>
public sealed class DegradedPathTests(ExternalReportsStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task When_Tellal_webhook_endpoint_answers_503_ReportHub_retries_and_polling_completes_the_report()
    {
        stack.Relay.Unavailable = true;
        var id = await stack.SubmitAsync(region: "NA", top: 2);

        Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, ExternalReportsStack.PollInterval * 3)).GetProperty("status").GetString());
        await stack.AssertReadyOnceAsync(id);
        var attempts = stack.Relay.Captured.Where(w => w.Body.Contains(id.ToString("N"), StringComparison.Ordinal)).ToList();
        Assert.True(attempts.Count >= 2, $"ReportHub retried its webhook ({attempts.Count} attempts)");
        Assert.Single(attempts.Select(a => a.Id).Distinct());
    }

    [Fact]
    public async Task With_2_to_10_second_responses_the_queue_backs_up_and_drains_while_Tellal_stays_responsive()
    {
        const int reports = 16;
        await stack.Hub.SetFaultsAsync(new { latencyMs = 2000, latencyMaxMs = 10000 });
        var clock = Stopwatch.StartNew();
        var ids = new List<Guid>();
        for (var i = 0; i < reports; i++)
        {
            ids.Add(await stack.SubmitAsync(top: 1 + i));
        }

        var finals = Task.WhenAll(ids.Select(id => stack.WaitUntilFinalAsync(id, TimeSpan.FromMinutes(4))));
        var slowest = TimeSpan.Zero;
        while (!finals.IsCompleted)
        {
            var probe = Stopwatch.StartNew();
            (await stack.Api.GetAsync("/health/live")).EnsureSuccessStatusCode();
            slowest = probe.Elapsed > slowest ? probe.Elapsed : slowest;
            await Task.Delay(250);
        }

        Assert.All(await finals, report => Assert.Equal("Ready", report.GetProperty("status").GetString()));
        foreach (var id in ids)
        {
            await stack.AssertReadyOnceAsync(id);
        }

        output.WriteLine($"{reports} reports at 2-10 s per provider call: drained in {clock.Elapsed.TotalSeconds:F0} s; slowest health probe {slowest.TotalMilliseconds:F0} ms");
        Assert.True(slowest < TimeSpan.FromSeconds(2), $"Tellal answered its health probe in {slowest} while calls waited on the provider");
    }
}
