using System.Diagnostics;
using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Resilience;

/// <summary>ReportHub down (503 outage, or not running at all): the circuit opens, the reports wait in the queue, nothing is lost.</summary>
public sealed class ProviderOutageTests(ExternalReportsStack stack, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reports = 50;
    private const int HttpRetries = 3;

    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_30_second_outage_during_50_requests_opens_the_circuit_and_every_report_completes_once_afterwards()
    {
        var before = await stack.Hub.StatsAsync();
        var clock = Stopwatch.StartNew();
        await stack.Hub.SetFaultsAsync(new { outageSeconds = 30 });
        var ids = new List<Guid>();
        for (var i = 0; i < Reports; i++)
        {
            ids.Add(await stack.SubmitAsync(region: "EU", top: 1 + (i % 16)));
        }

        var finals = await Task.WhenAll(ids.Select(id => stack.WaitUntilFinalAsync(id, TimeSpan.FromMinutes(4))));
        var elapsed = clock.Elapsed;

        Assert.All(finals, report => Assert.Equal("Ready", report.GetProperty("status").GetString()));
        foreach (var id in ids)
        {
            await stack.AssertReadyOnceAsync(id);
        }

        var seen = (await stack.Hub.StatsAsync()).Since(before);
        output.WriteLine($"{Reports} reports through a 30 s outage: all Ready after {elapsed.TotalSeconds:F0} s; provider answered 503 {seen.Count(503)} times; {seen.JobsCreated} jobs created");
        Assert.True(elapsed > TimeSpan.FromSeconds(30), "the outage lasted 30 s");
        Assert.Equal(Reports, seen.JobsCreated);
        // Without a breaker every report would cost the provider 1 + HttpRetries calls per message attempt during the
        // outage; with it, most attempts fail fast inside Tellal and the provider sees far fewer.
        Assert.True(seen.Count(503) < Reports * (1 + HttpRetries), $"{seen.Count(503)} calls reached the provider during the outage");
        Assert.Contains("OnCircuitOpened", stack.Tellal.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reports_requested_while_ReportHub_refuses_connections_wait_queued_and_complete_when_it_returns()
    {
        await stack.Hub.KillAsync();
        var retried = await ExternalReportsStack.RetriedAsync(stack.Tellal);
        var ids = new List<Guid> { await stack.SubmitAsync(region: "NA"), await stack.SubmitAsync(region: "APAC"), await stack.SubmitAsync(region: "LATAM") };
        // Proof that Tellal tried: every submission failed and was put back for a retry, twice over.
        await NodeMetrics.ReachesAsync([stack.Tellal.BaseAddress], NodeMetrics.Retried, retried + 2 * ids.Count,
            "each submission failed twice and waits for its retry", ("queue", "reports.external"));
        foreach (var id in ids)
        {
            Assert.Equal("Queued", (await stack.ReportAsync(id)).GetProperty("status").GetString());
        }

        await stack.StartHubAsync();

        foreach (var id in ids)
        {
            Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(90))).GetProperty("status").GetString());
            await stack.AssertReadyOnceAsync(id);
        }
    }
}
