using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Issue 16, cache invalidation: each web node keeps what it read of a user's state, and an admin's change is
/// announced over Redis pub/sub so every node drops its copy at once. The cluster's nodes re-check only every 10
/// minutes, so a refusal on the other node within the test's minutes can only come from the announcement.
/// </summary>
[Collection(Cluster.Collection)]
public sealed class AccountChangeBroadcastTests(Cluster cluster, ITestOutputHelper output)
{
    private const int Tries = 20;

    [Fact]
    public async Task A_user_disabled_through_one_web_node_is_refused_on_the_other_at_once()
    {
        using var admin = await TellalProcess.SignInAsync(cluster.WebA.BaseAddress, "admin", cluster.AdminPassword);
        var elapsed = new List<TimeSpan>();
        for (var i = 0; i < Tries; i++)
        {
            var userName = $"broadcast-{Guid.NewGuid():N}"[..20];
            var password = TestPasswords.New();
            var created = await admin.PostAsJsonAsync("/api/users", new { userName, password, roles = new[] { TellalPolicies.Requester } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            using var user = await TellalProcess.SignInAsync(cluster.WebB.BaseAddress, userName, password);
            // Web B reads and keeps the user's state now, while the user is enabled.
            Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/notifications")).StatusCode);

            var clock = Stopwatch.StartNew();
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{id}/disable", null)).StatusCode);
            await Eventually.HoldsAsync(async () => (await user.GetAsync("/api/notifications")).StatusCode == HttpStatusCode.Unauthorized,
                $"web B refuses {userName}, disabled through web A", TimeSpan.FromSeconds(60));
            elapsed.Add(clock.Elapsed);
        }

        var sorted = elapsed.Order().ToList();
        output.WriteLine($"disable on A -> refused on B, {Tries} tries: p50 {sorted[Tries / 2].TotalMilliseconds:F0} ms, " +
            $"max (p99 of {Tries}) {sorted[^1].TotalMilliseconds:F0} ms; load average {File.ReadAllText("/proc/loadavg").Trim()}");
    }
}
