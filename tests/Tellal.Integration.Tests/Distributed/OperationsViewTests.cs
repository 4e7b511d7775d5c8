using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Issue 16, the live operations view: an admin's connection to <c>/hubs/operations</c> is pushed the deployment's
/// state without asking; a report the worker produced shows as handled on <c>reports.generate</c> (the worker's counts,
/// carried by its heartbeat to the web node) and as ready in the report pipeline; a killed worker turns stale and the
/// queue it left backs up (depth, and an oldest waiting age that grows, also at <c>/metrics</c>), in snapshots the page
/// did not request. A requester may not listen.
/// </summary>
public sealed class OperationsViewTests
{
    [Fact]
    public async Task A_killed_worker_and_the_queue_it_leaves_behind_reach_the_admins_view_without_a_request()
    {
        await using var cluster = await RoleCluster.StartAsync(new Dictionary<string, string>
        {
            ["Tellal__Nodes__Interval"] = "00:00:00.500",
            ["Tellal__Nodes__StaleAfter"] = "00:00:03",
            ["Tellal__Messaging__RabbitMq__ManagementUri"] = TestEnvironment.RabbitMqManagement,
        });
        var snapshots = new ConcurrentQueue<JsonElement>();
        await using var hub = await ConnectAsync(cluster.Web.BaseAddress, cluster.Admin, snapshot => snapshots.Enqueue(snapshot));
        try
        {
            await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => StateOf(s, "worker") == "Ready")),
                "a pushed snapshot shows the worker ready", TimeSpan.FromSeconds(60));
        }
        catch (Exception) when (Diagnose(snapshots, cluster) is var diagnosis)
        {
            Assert.Fail(diagnosis);
        }

        var produced = await cluster.SubmitAsync();
        await cluster.WaitForStatusAsync([produced], "Ready");
        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => Handled(s, "reports.generate") >= 1)),
            "a pushed snapshot shows the report's message handled on reports.generate", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => ReadyInWindow(s, "reports") >= 1)),
            "a pushed snapshot shows the report ready in the report pipeline", TimeSpan.FromSeconds(60));
        var rates = snapshots.Last(s => Handled(s, "reports.generate") >= 1).GetProperty("rates").EnumerateArray()
            .Single(r => r.GetProperty("queue").GetString() == "reports.generate");
        Assert.Equal(15 * 60 / 15, rates.GetProperty("buckets").GetArrayLength());
        Assert.Equal(rates.GetProperty("handled").GetInt64(), rates.GetProperty("buckets").EnumerateArray().Sum(b => b.GetProperty("handled").GetInt64()));

        await cluster.KillAsync("worker");
        var reports = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            reports.Add(await cluster.SubmitAsync());
        }

        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => StateOf(s, "worker") == "Stale")),
            "a pushed snapshot shows the killed worker stale", TimeSpan.FromSeconds(60));
        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => Waiting(s, "reports.generate") >= reports.Count)),
            "a pushed snapshot shows the reports waiting on reports.generate", TimeSpan.FromSeconds(60));
        // RabbitMQ's management API says since when the first of them waits: the age the snapshots give grows, and the
        // gauge at /metrics follows.
        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => OldestWaitingAge(s, "reports.generate") is not null)),
            "a pushed snapshot shows since when the oldest report waits on reports.generate", TimeSpan.FromSeconds(60));
        var firstAge = snapshots.Select(s => OldestWaitingAge(s, "reports.generate")).OfType<TimeSpan>().First();
        await Eventually.HoldsAsync(() => Task.FromResult(snapshots.Any(s => OldestWaitingAge(s, "reports.generate") > firstAge + TimeSpan.FromSeconds(2))),
            "a later snapshot shows the oldest report waiting longer", TimeSpan.FromSeconds(60));
        await NodeMetrics.ReachesAsync([cluster.Web.BaseAddress], "tellal_queue_oldest_waiting_age_seconds", firstAge.TotalSeconds + 2,
            "the gauge gives the age too", ("transport", "rabbitmq"), ("queue", "reports.generate"));

        await using var requester = await ConnectAsync(cluster.Web.BaseAddress, cluster.Requester, _ => { }, expectRefusal: true);
    }

    private static string Diagnose(ConcurrentQueue<JsonElement> snapshots, RoleCluster cluster) =>
        $"{snapshots.Count} snapshot(s); last: {(snapshots.IsEmpty ? "none" : snapshots.Last().GetRawText())}\nweb log:\n{cluster.Logs()["web"][^Math.Min(4000, cluster.Logs()["web"].Length)..]}";

    private static async Task<HubConnection> ConnectAsync(Uri node, HttpClient signedIn, Action<JsonElement> onSnapshot, bool expectRefusal = false)
    {
        var token = signedIn.DefaultRequestHeaders.Authorization!.Parameter;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(node, "/hubs/operations"), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult(token);
            })
            .Build();
        hub.On<JsonElement>("operations", onSnapshot);
        if (expectRefusal)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());
        }
        else
        {
            await hub.StartAsync();
        }

        return hub;
    }

    /// <summary>The state of the newest node with this role in the snapshot (a restarted role keeps its older rows).</summary>
    private static string? StateOf(JsonElement snapshot, string role) =>
        snapshot.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == role))
            .OrderBy(n => n.GetProperty("startedAt").GetDateTimeOffset())
            .Select(n => n.GetProperty("state").GetString())
            .LastOrDefault();

    /// <summary>Messages handled on the queue over the last 15 minutes, every node together; -1 when the queue is not listed.</summary>
    private static long Handled(JsonElement snapshot, string queue) =>
        snapshot.GetProperty("rates").EnumerateArray()
            .Where(r => r.GetProperty("queue").GetString() == queue)
            .Select(r => r.GetProperty("handled").GetInt64())
            .DefaultIfEmpty(-1)
            .Single();

    private static int ReadyInWindow(JsonElement snapshot, string pipeline) =>
        snapshot.GetProperty("pipelines").EnumerateArray()
            .Where(p => p.GetProperty("name").GetString() == pipeline)
            .Select(p => p.GetProperty("readyPerMinute").EnumerateArray().Sum(m => m.GetProperty("count").GetInt32()))
            .DefaultIfEmpty(-1)
            .Single();

    /// <summary>How long the queue's oldest message had waited when the snapshot was read; null when it does not say.</summary>
    private static TimeSpan? OldestWaitingAge(JsonElement snapshot, string queue) =>
        snapshot.GetProperty("streams").EnumerateArray()
            .SelectMany(t => t.GetProperty("queues").EnumerateArray())
            .Where(q => q.GetProperty("queue").GetString() == queue && q.GetProperty("oldestWaitingSince").ValueKind == JsonValueKind.String)
            .Select(q => (TimeSpan?)(snapshot.GetProperty("at").GetDateTimeOffset() - q.GetProperty("oldestWaitingSince").GetDateTimeOffset()))
            .FirstOrDefault();

    private static long Waiting(JsonElement snapshot, string queue) =>
        snapshot.GetProperty("streams").EnumerateArray()
            .SelectMany(t => t.GetProperty("queues").EnumerateArray())
            .Where(q => q.GetProperty("queue").GetString() == queue)
            .Select(q => q.GetProperty("waiting").GetInt64())
            .DefaultIfEmpty(-1)
            .Max();
}
