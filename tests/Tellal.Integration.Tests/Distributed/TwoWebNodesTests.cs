using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Distributed mode on real servers (PostgreSQL, RabbitMQ, Redis): two web nodes, one of them also running the
/// workers. A user signed in through one node is signed in on the other, and popups reach them whichever node
/// pushes them (the Redis backplane).
/// </summary>
public sealed class TwoWebNodesTests
{
    private static readonly string AdminPassword = TestPasswords.New();

    [Fact]
    public async Task Reports_submitted_through_one_web_node_pop_up_on_a_client_of_the_other()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        // Report files live on storage both nodes mount (a shared volume), as in docs/deploy.md.
        using var shared = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
        };
        await using var nodeA = TellalProcess.Start(shared.Path, settings, "--roles", "web,worker,notifier,scheduler");
        await nodeA.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));
        await using var nodeB = TellalProcess.Start(shared.Path, settings, "--roles", "web");
        await nodeB.WaitUntilReadyAsync(TimeSpan.FromSeconds(120));

        using var adminOnB = await nodeB.SignInAsync("admin", AdminPassword);
        var created = await adminOnB.PostAsJsonAsync("/api/users",
            new { userName = "distributed-requester", password = "a-password-for-tests", roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var requesterOnA = await nodeA.SignInAsync("distributed-requester", "a-password-for-tests");
        using var requesterOnB = await nodeB.SignInAsync("distributed-requester", "a-password-for-tests");

        // Listen on B, submit on A: each popup is pushed by whichever web node takes it from the queue.
        var popups = new ConcurrentQueue<JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(nodeB.BaseAddress, "/hubs/notifications"), options =>
                options.AccessTokenProvider = () => Task.FromResult(requesterOnB.DefaultRequestHeaders.Authorization?.Parameter))
            .Build();
        hub.On<JsonElement>("notification", popups.Enqueue);
        await hub.StartAsync();

        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            var submitted = await requesterOnA.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" });
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            ids.Add((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(ids.All(id => popups.Any(p => p.GetProperty("reportId").GetGuid() == id))),
            "every report's popup reaches the client connected to the other node", TimeSpan.FromSeconds(90));
        foreach (var id in ids)
        {
            var report = await requesterOnB.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            Assert.Equal("Ready", report.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await requesterOnB.GetAsync($"/api/reports/{id}/file")).StatusCode);
        }
    }
}
