using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>Failure drill 3: `kill -9` of the web node a client's hub connection goes to.</summary>
[Collection(Cluster.Collection)]
public sealed class WebNodeKillTests(Cluster cluster)
{
    [Fact]
    public async Task A_client_whose_web_node_is_killed_reconnects_through_Nginx_to_the_other_and_catches_up_from_the_inbox()
    {
        // Nginx routes to web A only while the client connects, so we know which node its WebSocket is on.
        await cluster.RouteAsync(cluster.WebA);
        await using var client = await cluster.NewRequesterAsync();
        try
        {
            var first = await client.SubmitAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(client.About([first]).Any()), "a live popup through Nginx", TimeSpan.FromSeconds(60));

            await cluster.WebA.KillAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(client.State != HubConnectionState.Connected), "the client notices its node died");

            // While the client cannot reconnect (Nginx knows no live node), reports finish: their popups go nowhere.
            using var onB = new HttpClient { BaseAddress = cluster.WebB.BaseAddress };
            onB.DefaultRequestHeaders.Authorization = client.Http.DefaultRequestHeaders.Authorization;
            var missed = new List<Guid>();
            for (var i = 0; i < 3; i++)
            {
                var submitted = await onB.PostAsJsonAsync("/api/reports", new { reportType = "top-reviewed-games", format = "csv" });
                missed.Add((await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }

            await Eventually.HoldsAsync(async () => await cluster.CountAsync(
                    """SELECT COUNT(*) FROM ntf_notifications WHERE "Kind" = 'report.ready' AND "ReportId" = ANY(@ids)""", ("ids", missed.ToArray())) == missed.Count,
                "the missed reports' notifications are in the inbox", TimeSpan.FromSeconds(120));
            Assert.Empty(client.About(missed));

            // Nginx gets web B back in its upstream: the client's next attempt lands there and catches up.
            await cluster.RouteAsync(cluster.WebA, cluster.WebB);
            await Eventually.HoldsAsync(() => Task.FromResult(client.State == HubConnectionState.Connected && missed.All(id => client.About([id]).Any())),
                "the client reconnects through Nginx and fetches what it missed", TimeSpan.FromSeconds(60));
            Assert.All(missed, id => Assert.Single(client.CaughtUp, n => n.GetProperty("reportId").GetGuid() == id));
            Assert.Single(client.About([first]));

            // And live popups flow again, from the other node.
            var after = await client.SubmitAsync();
            await Eventually.HoldsAsync(() => Task.FromResult(client.Live.Any(n => n.GetProperty("reportId").GetGuid() == after)), "a live popup after the reconnect", TimeSpan.FromSeconds(60));
            Assert.Equal(1, client.Reconnections);
        }
        finally
        {
            await cluster.RestartAsync(cluster.WebA);
            await cluster.RouteAsync(cluster.WebA, cluster.WebB);
        }
    }
}
