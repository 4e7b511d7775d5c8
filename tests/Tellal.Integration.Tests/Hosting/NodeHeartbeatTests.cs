using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Hosting;

/// <summary>
/// Every node reports its state to the shared database; an admin asking any web node sees all of them, a node that
/// dies turns stale and one that is stopped says so. Real processes, on the embedded SQLite file they share and on
/// PostgreSQL with Redis and SMTP (distributed mode).
/// </summary>
public sealed class NodeHeartbeatTests
{
    private static readonly string AdminPassword = TestPasswords.New();

    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_admin_sees_every_node_with_its_roles_and_checks_and_a_killed_one_turns_stale(DatabaseProvider provider)
    {
        using var data = new TempDirectory();
        await using var postgres = provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null;
        var run = Guid.NewGuid().ToString("N")[..6];
        var web = $"web-{run}";
        var worker = $"worker-{run}";
        var scheduler = $"scheduler-{run}";
        await using var webNode = TellalProcess.Start(data.Path, Settings(web, postgres), "--roles", "web,notifier");
        await webNode.WaitUntilReadyAsync();
        await using var workerNode = TellalProcess.Start(data.Path, Settings(worker, postgres), "--roles", "worker");
        await using var schedulerNode = TellalProcess.Start(data.Path, Settings(scheduler, postgres), "--roles", "scheduler");
        await workerNode.WaitUntilReadyAsync();
        await schedulerNode.WaitUntilReadyAsync();
        using var admin = await webNode.SignInAsync("admin", AdminPassword);

        await Eventually.HoldsAsync(async () => (await NodesAsync(admin)).Values.Count(n => n.GetProperty("state").GetString() == "Ready") == 3,
            "the three nodes report themselves ready", TimeSpan.FromSeconds(30));
        var nodes = await NodesAsync(admin);
        Assert.Equal(3, nodes.Count);
        // Distributed mode adds the checks of what it is configured with: Redis everywhere, SMTP where mail is sent.
        var distributed = provider == DatabaseProvider.Postgres;
        AssertNode(nodes[web], ["web", "notifier"], provider, distributed ? ["redis", "smtp"] : []);
        AssertNode(nodes[worker], ["worker"], provider, distributed ? ["redis"] : []);
        AssertNode(nodes[scheduler], ["scheduler"], provider, distributed ? ["redis"] : []);

        await workerNode.KillAsync();
        await schedulerNode.StopAsync();
        await Eventually.HoldsAsync(async () => State(await NodesAsync(admin), worker) == "Stale", "the killed node turns stale", TimeSpan.FromSeconds(30));
        Assert.Equal("Stopped", State(await NodesAsync(admin), scheduler));
        Assert.Equal("Ready", State(await NodesAsync(admin), web));

        Assert.Contains("\"/api/admin/nodes\"", await admin.GetStringAsync("/openapi/v1.json"), StringComparison.Ordinal);
        var created = await admin.PostAsJsonAsync("/api/users", new { userName = $"requester-{run}", password = AdminPassword, roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var requester = await webNode.SignInAsync($"requester-{run}", AdminPassword);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/admin/nodes")).StatusCode);
    }

    private static Dictionary<string, string> Settings(string nodeName, PostgresDatabase? postgres)
    {
        var settings = postgres is null ? [] : TestEnvironment.SharedServerSettings(postgres.ConnectionString);
        settings["Tellal__NodeName"] = nodeName;
        settings["Tellal__Bootstrap__AdminPassword"] = AdminPassword;
        settings["Tellal__Reports__SeedScale"] = "Small";
        // Beats fast so that a silent node is noticed within seconds.
        settings["Tellal__Nodes__Interval"] = "00:00:00.500";
        settings["Tellal__Nodes__StaleAfter"] = "00:00:03";
        return settings;
    }

    private static async Task<Dictionary<string, JsonElement>> NodesAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/api/admin/nodes");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()
            .ToDictionary(n => n.GetProperty("name").GetString()!);
    }

    private static string? State(Dictionary<string, JsonElement> nodes, string name) =>
        nodes.TryGetValue(name, out var node) ? node.GetProperty("state").GetString() : null;

    private static void AssertNode(JsonElement node, string[] roles, DatabaseProvider provider, string[] extraChecks)
    {
        Assert.Equal(roles, node.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("Ready", node.GetProperty("state").GetString());
        Assert.Equal(Environment.MachineName, node.GetProperty("host").GetString());
        Assert.True(node.GetProperty("processId").GetInt32() > 0);
        Assert.False(string.IsNullOrEmpty(node.GetProperty("version").GetString()));
        Assert.True(node.GetProperty("startedAt").GetDateTimeOffset() <= node.GetProperty("lastSeenAt").GetDateTimeOffset());
        var checks = node.GetProperty("checks");
        Assert.Equal(new[] { "database", "startup", "transport" }.Concat(extraChecks).Order(StringComparer.Ordinal),
            checks.EnumerateObject().Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.All(checks.EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
        Assert.Equal(provider.ToString(), checks.GetProperty("database").GetProperty("description").GetString());
    }
}
