using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// PostgreSQL stopped under a running system (web, worker, notifier in their own processes): API calls that need
/// the database answer 503 with Retry-After and a problem body, quickly and without leaving anything behind; the
/// node reports itself not ready; and after the restart everything resumes by itself, each report done once.
/// </summary>
[Collection(ServerOutages.Collection)]
public sealed class DatabaseOutageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task While_the_database_is_down_submits_answer_503_and_after_its_restart_every_accepted_report_completes_once()
    {
        // Reports take a few seconds each, so some are in the worker's hands when the database goes.
        await using var cluster = await RoleCluster.StartAsync(new Dictionary<string, string> { ["Tellal__Reports__MinimumDuration"] = "00:00:03" });
        var accepted = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            accepted.Add(await cluster.SubmitAsync());
        }

        var logsBefore = cluster.Logs();
        await Services.StopAsync("postgres");
        var outage = Stopwatch.StartNew();
        try
        {
            // The web node's gate closes: requests are turned back at once, without a connect attempt each.
            await Eventually.HoldsAsync(async () => await GateTitleAsync(cluster) == "Tellal is waiting for its database",
                "the web node's gate closes", TimeSpan.FromSeconds(30));
            output.WriteLine($"database stopped -> gate closed: {outage.ElapsedMilliseconds} ms");

            for (var i = 0; i < 3; i++)
            {
                var clock = Stopwatch.StartNew();
                var refused = await cluster.Requester.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" });
                Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
                Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
                Assert.NotNull(refused.Headers.RetryAfter);
                Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
                var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(503, problem.GetProperty("status").GetInt32());

                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await cluster.Requester.GetAsync("/api/reports")).StatusCode);
                var ready = await new HttpClient { BaseAddress = cluster.Web.BaseAddress }.GetAsync("/health/ready");
                Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }
        finally
        {
            await Services.StartAsync("postgres");
        }

        var back = Stopwatch.StartNew();
        await Eventually.HoldsAsync(async () => (await cluster.Requester.GetAsync("/api/reports")).IsSuccessStatusCode,
            "the web node's gate reopens", TimeSpan.FromSeconds(60));
        output.WriteLine($"database accepting -> gate open: {back.ElapsedMilliseconds} ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");

        // The relay and the consumers keep trying, but with backoff: a loop without it logs thousands of warnings.
        foreach (var (role, log) in cluster.Logs())
        {
            var warnings = CountWarnings(log[logsBefore[role].Length..]);
            output.WriteLine($"{role}: {warnings} warnings in {outage.Elapsed.TotalSeconds:F1} s of outage");
            Assert.True(warnings < 20 * Math.Max(1, outage.Elapsed.TotalSeconds), $"{role} logged {warnings} warnings in {outage.Elapsed}:\n{log}");
        }

        await cluster.Web.WaitUntilReadyAsync();
        accepted.Add(await cluster.SubmitAsync());
        await cluster.WaitForStatusAsync(accepted, "Ready");
        await Eventually.HoldsAsync(async () => (await cluster.NotificationsAsync("report.ready")).Count == accepted.Count,
            "every report's ready notification is in the inbox");

        // Nothing half-done by the refused submits, nothing done twice by the redelivered ones.
        Assert.Equal(accepted.Order(), (await cluster.ReportsAsync()).Keys.Order());
        Assert.All(await cluster.NotificationsAsync("report.ready"), n => Assert.Equal(1, n.Value));
        Assert.All(await Task.WhenAll(accepted.Select(cluster.ReportFilesAsync)), files => Assert.Equal(1, files));
    }

    private static async Task<string?> GateTitleAsync(RoleCluster cluster)
    {
        var response = await cluster.Requester.GetAsync("/api/reports");
        return response.StatusCode == HttpStatusCode.ServiceUnavailable
            ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()
            : null;
    }

    private static int CountWarnings(string log) =>
        log.Split('\n').Count(line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal));
}
