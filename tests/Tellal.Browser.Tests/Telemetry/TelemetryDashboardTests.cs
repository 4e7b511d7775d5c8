using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Telemetry;

/// <summary>
/// The telemetry dashboard: the active-players chart of the last 90 days with today's players, and the accept rate
/// rising while an app sends events and falling back to zero once it stops.
/// </summary>
[Collection(BrowserFixture.Collection)]
public sealed partial class TelemetryDashboardTests(BrowserFixture fixture)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Within60s = new() { Timeout = 60_000 };

    [Fact]
    public async Task The_dashboard_charts_active_players_and_shows_the_accept_rate_moving_while_an_app_sends()
    {
        var (exitCode, output) = await TellalProcess.RunAsync(fixture.DataDirectory, null, "telemetry", "keys", "add", "--app", "dashboard-test");
        Assert.True(exitCode == 0, output);
        using var app = new HttpClient { BaseAddress = fixture.Node.BaseAddress };
        app.DefaultRequestHeaders.Add("X-Api-Key", output.Trim().Split('\n')[^1].Trim());
        var run = Guid.NewGuid().ToString("N")[..8];
        string[] players = [.. Enumerable.Range(0, 5).Select(i => $"dash-{run}-{i}")];
        await SendAsync(app, players);

        // The chart is drawn from what the mover stored: wait for the API to count today's players first.
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        var before = 0;
        await Eventually.HoldsAsync(async () =>
        {
            var answer = await admin.GetFromJsonAsync<JsonElement>("/api/telemetry/active-users?days=1");
            before = answer.GetProperty("activeUsers").GetInt32();
            return before >= players.Length;
        }, "today's players are stored", TimeSpan.FromSeconds(60));

        await using var context = await fixture.NewContextAsync();
        var page = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(page, "admin", BrowserFixture.AdminPassword, "/telemetry");
        await Assertions.Expect(page.Locator("#au-chart svg polyline.series")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("#au-legend [data-series=dau]")).ToContainTextAsync($"DAU: {before.ToString("N0", CultureInfo.InvariantCulture)}");

        // An app keeps sending: the rate shown rises above zero; after it stops, it falls back to zero.
        using var stop = new CancellationTokenSource();
        var sending = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await SendAsync(app, players);
            }
        });
        var rate = page.Locator("#fig-rate");
        await Assertions.Expect(rate).ToHaveAttributeAsync("data-value", Positive(), Within60s);
        await stop.CancelAsync();
        await sending;
        await Assertions.Expect(rate).ToHaveAttributeAsync("data-value", "0", Within60s);
        await Assertions.Expect(page.Locator("#fig-backlog")).ToContainTextAsync("events");
    }

    private static async Task SendAsync(HttpClient app, IReadOnlyList<string> players)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        var events = players.Select(player => new Dictionary<string, object>
        {
            ["eventId"] = Guid.NewGuid().ToString(),
            ["deviceId"] = $"device-{player}",
            ["playerId"] = player,
            ["gameId"] = 42,
            ["type"] = "heartbeat",
            ["occurredAt"] = now,
        });
        using var response = await app.PostAsJsonAsync("/api/telemetry/events", events);
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex(@"^(0\.\d*[1-9]|[1-9])")]
    private static partial Regex Positive();
}
