using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// A report type whose production throws (a fault injected through configuration) on RabbitMQ: after its retries
/// its message lands in the dead-letter store and the request ends Failed, visibly, while other reports keep
/// flowing. With the fault removed (the worker restarted without it), replaying the dead letter re-queues the
/// request and it completes once: one file, one ready notification, one ready email.
/// </summary>
[Collection(ServerOutages.Collection)]
public sealed class PoisonReportTests
{
    private const string FaultyType = "top-players";
    private const string Fault = "Tellal__Reports__FaultyReportTypes__0";
    private const string GenerateRetry = "Tellal__Messaging__RetryByType__tellal.reports.generate-report.v1__";

    [Fact]
    public async Task A_report_that_keeps_failing_is_dead_lettered_while_others_complete_and_a_replay_after_the_fix_completes_it_once()
    {
        await using var cluster = await RoleCluster.StartAsync(new Dictionary<string, string>
        {
            [Fault] = FaultyType,
            [GenerateRetry + "MaxAttempts"] = "3",
            [GenerateRetry + "InitialDelay"] = "00:00:00.200",
            [GenerateRetry + "MaxDelay"] = "00:00:01",
        });
        var healthy = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            healthy.Add(await cluster.SubmitAsync());
        }

        var poison = await cluster.SubmitAsync(FaultyType);
        for (var i = 0; i < 3; i++)
        {
            healthy.Add(await cluster.SubmitAsync());
        }

        await cluster.WaitForStatusAsync([poison], "Failed");
        await cluster.WaitForStatusAsync(healthy, "Ready");
        var dead = Assert.Single((await cluster.Admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters")).EnumerateArray());
        Assert.Equal("reports.generate", dead.GetProperty("queue").GetString());
        Assert.Equal(3, dead.GetProperty("attempts").GetInt32());
        Assert.Contains("Injected fault", dead.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await cluster.ReportFilesAsync(poison));
        await Eventually.HoldsAsync(async () => (await cluster.NotificationsAsync("report.failed")).GetValueOrDefault(poison) == 1,
            "the owner is told the report failed");

        await cluster.RestartAsync("worker", new Dictionary<string, string?> { [Fault] = null });
        var replay = await cluster.Admin.PostAsync($"/api/admin/dead-letters/{dead.GetProperty("id").GetGuid()}/replay", null);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);

        var all = healthy.Append(poison).ToList();
        await cluster.WaitForStatusAsync(all, "Ready");
        await Eventually.HoldsAsync(async () => (await cluster.NotificationsAsync("report.ready")).Count == all.Count
            && await cluster.EmailsAsync("Ready:") == all.Count, "every ready notification and email arrives");
        Assert.All(await cluster.NotificationsAsync("report.ready"), n => Assert.Equal(1, n.Value));
        Assert.All(await Task.WhenAll(all.Select(cluster.ReportFilesAsync)), files => Assert.Equal(1, files));
        Assert.Equal(1, await cluster.EmailsAsync("Failed:"));
        Assert.Equal(all.Count, await cluster.EmailsAsync("Ready:"));
        Assert.Empty((await cluster.Admin.GetFromJsonAsync<JsonElement>("/api/admin/dead-letters")).EnumerateArray());
    }
}
