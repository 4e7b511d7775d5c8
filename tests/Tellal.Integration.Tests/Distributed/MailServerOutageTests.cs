using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// The SMTP server stopped: popups and inbox entries do not wait for mail, and the emails go out once the server is
/// back, one per report. The retry schedule of email is shortened through configuration, as an operator could.
/// </summary>
[Collection(ServerOutages.Collection)]
public sealed class MailServerOutageTests
{
    private const string EmailRetry = "Tellal__Messaging__RetryByType__tellal.notifications.send-email.v1__";

    [Fact]
    public async Task With_the_mail_server_down_popups_arrive_at_once_and_each_email_is_sent_once_when_it_is_back()
    {
        await using var cluster = await RoleCluster.StartAsync(new Dictionary<string, string>
        {
            [EmailRetry + "MaxAttempts"] = "60",
            [EmailRetry + "InitialDelay"] = "00:00:00.500",
            [EmailRetry + "MaxDelay"] = "00:00:02",
        });
        var popups = new ConcurrentQueue<JsonElement>();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(cluster.Web.BaseAddress, "/hubs/notifications"), options =>
                options.AccessTokenProvider = () => Task.FromResult(cluster.Requester.DefaultRequestHeaders.Authorization?.Parameter))
            .Build();
        hub.On<JsonElement>("notification", popups.Enqueue);
        await hub.StartAsync();

        var ids = new List<Guid>();
        await Services.StopAsync("maildev");
        try
        {
            for (var i = 0; i < 3; i++)
            {
                ids.Add(await cluster.SubmitAsync());
            }

            await Eventually.HoldsAsync(() => Task.FromResult(ids.All(id => popups.Any(p => p.GetProperty("reportId").GetGuid() == id))),
                "every report's popup arrives while the mail server is down", TimeSpan.FromSeconds(90));
            var inbox = await cluster.NotificationsAsync("report.ready");
            Assert.All(ids, id => Assert.Equal(1, inbox.GetValueOrDefault(id)));
            // Let the email attempts fail a few times before the server returns.
            await NodeMetrics.ReachesAsync(cluster.Nodes, NodeMetrics.Retried, 2 * ids.Count, "each email failed twice and waits for its retry",
                ("queue", "notifications.email"));
        }
        finally
        {
            await Services.StartAsync("maildev");
        }

        await Eventually.HoldsAsync(async () => await cluster.EmailsAsync("Ready:") >= ids.Count, "every report's email arrives", TimeSpan.FromSeconds(60));
        // Every email published so far has been sent (or given up): a second one would be counted below.
        await NodeMetrics.SettledAsync(cluster.Nodes, "every email is handled", NodeMetrics.NotificationRequested, NodeMetrics.SendEmail);
        Assert.Equal(ids.Count, await cluster.EmailsAsync("Ready:"));
        Assert.Equal(ids.Count, popups.Count(p => p.GetProperty("kind").GetString() == "report.ready"));
    }
}
