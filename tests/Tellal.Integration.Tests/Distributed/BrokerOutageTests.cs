using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// RabbitMQ stopped while requests keep arriving: submits are still accepted (the outbox holds the work), and when
/// the broker is back every report completes, once.
/// </summary>
[Collection(ServerOutages.Collection)]
public sealed class BrokerOutageTests
{
    private static readonly string AdminPassword = TestPasswords.New();

    [Fact]
    public async Task Reports_requested_while_the_broker_is_down_complete_once_it_is_back()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
        };
        await using var node = TellalProcess.Start(data.Path, settings);
        await node.WaitUntilReadyAsync();
        using var admin = await node.SignInAsync("admin", AdminPassword);
        var ids = new List<Guid> { await SubmitAsync(admin) };
        await WaitUntilReadyAsync(admin, ids);

        await Services.StopAsync("rabbitmq");
        try
        {
            for (var i = 0; i < 5; i++)
            {
                ids.Add(await SubmitAsync(admin));
                await Task.Delay(TimeSpan.FromSeconds(4));
            }
        }
        finally
        {
            await Services.StartAsync("rabbitmq");
        }

        await WaitUntilReadyAsync(admin, ids);
        await Eventually.HoldsAsync(async () => await ReadyNotificationsAsync(admin, ids) == ids.Count, "every owner notification arrives");
        await NodeMetrics.SettledAsync([node.BaseAddress], "every report and notification message is handled",
            NodeMetrics.GenerateReport, NodeMetrics.NotificationRequested);
        Assert.Equal(ids.Count, await ReadyNotificationsAsync(admin, ids));
    }

    private static async Task<Guid> SubmitAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task WaitUntilReadyAsync(HttpClient client, List<Guid> ids) =>
        Eventually.HoldsAsync(async () =>
        {
            var ready = await client.GetFromJsonAsync<JsonElement>("/api/reports?status=Ready&limit=500");
            return ids.All(id => ready.EnumerateArray().Any(r => r.GetProperty("id").GetGuid() == id));
        }, "every report is Ready", TimeSpan.FromSeconds(180));

    private static async Task<int> ReadyNotificationsAsync(HttpClient client, List<Guid> ids)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
        return inbox.GetProperty("items").EnumerateArray()
            .Count(n => n.GetProperty("kind").GetString() == "report.ready" && ids.Contains(n.GetProperty("reportId").GetGuid()));
    }
}

/// <summary>Drills that stop a shared server run alone within this assembly (and the assembly runs alone in eng/test.sh).</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class ServerOutages
{
    public const string Collection = "Server outages";
}
