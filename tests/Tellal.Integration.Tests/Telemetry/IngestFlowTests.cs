using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// Events in, through the queue, staging and the mover, into the permanent table; active users counted from there.
/// Resent events (an app retrying after a timeout) are stored and counted once.
/// </summary>
public sealed class IngestFlowTests(TelemetryApp telemetry) : IClassFixture<TelemetryApp>
{
    public static TheoryData<DatabaseProvider> Providers => [DatabaseProvider.Sqlite, DatabaseProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Events_reach_the_permanent_table_once_and_active_users_count_distinct_players(DatabaseProvider provider)
    {
        await using var node = await TelemetryApp.StartAsync(provider);
        var (_, key) = await node.NewKeyAsync();
        // A day of this test's own, so other tests' events do not count.
        var day = new DateTimeOffset(2026, 11, 10, 0, 0, 0, TimeSpan.Zero);
        var players = Enumerable.Range(0, 40).Select(i => $"flow-{i}").ToList();
        var array = Enumerable.Range(0, 300).Select(i => TelemetryApp.Event(players[i % 25], day.AddMinutes(i))).ToList();
        var lines = Enumerable.Range(0, 200).Select(i => TelemetryApp.Event(players[15 + (i % 25)], day.AddDays(-3).AddMinutes(i), "session_start")).ToList();

        var accepted = new[]
        {
            await node.PostAsync(key, array),
            await node.PostNdjsonAsync(key, lines),
            // The app did not see the first answer and sends the same events again.
            await node.PostAsync(key, array),
        };

        Assert.All(accepted, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        Assert.Equal(300, (await accepted[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accepted").GetInt32());
        var ids = TelemetryApp.IdsOf([.. array, .. lines]);
        await node.MovedAsync(ids);
        Assert.Equal(500, await node.StoredAsync(ids));
        if (provider == DatabaseProvider.Postgres)
        {
            // Partitioned by UTC day: each day's events in that day's partition, made by the mover when it met the day.
            Assert.Equal(300, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM tel_events_20261110"""));
            Assert.Equal(200, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM tel_events_20261107"""));
            Assert.Equal(1, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM pg_partitioned_table WHERE partrelid = 'tel_events'::regclass"""));
            // And ahead of time: today's and tomorrow's partitions exist before any event of those days.
            var today = DateTime.UtcNow.Date;
            Assert.Equal(2, await node.CountAsync($"""SELECT COUNT(*) AS "Value" FROM pg_class WHERE relname IN ('tel_events_{today:yyyyMMdd}', 'tel_events_{today.AddDays(1):yyyyMMdd}')"""));
        }

        Assert.Equal(25, await ActiveUsersAsync(node, 1, day));
        Assert.Equal(40, await ActiveUsersAsync(node, 7, day));
        Assert.Equal(25, await ActiveUsersAsync(node, 1, day.AddDays(-3)));
        Assert.Equal(0, await ActiveUsersAsync(node, 1, day.AddDays(1)));
    }

    [Fact]
    public async Task Active_users_are_for_admins_and_approvers_with_a_known_window()
    {
        using var requester = await telemetry.App.NewUserAsync(TellalPolicies.Requester);
        using var approver = await telemetry.App.NewUserAsync(TellalPolicies.Approver);

        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/telemetry/active-users")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await approver.GetAsync("/api/telemetry/active-users?days=5")).StatusCode);
        var before = SimulatedRun.Today;
        var today = await approver.GetFromJsonAsync<JsonElement>("/api/telemetry/active-users");
        Assert.Equal(1, today.GetProperty("days").GetInt32());
        // Today by default: the day of the request, which is the day before or after it should midnight fall in between.
        Assert.Contains(DateOnly.Parse(today.GetProperty("to").GetString()!, System.Globalization.CultureInfo.InvariantCulture), new[] { before, SimulatedRun.Today });
    }

    private static async Task<int> ActiveUsersAsync(TelemetryApp node, int days, DateTimeOffset to)
    {
        var answer = await node.Admin.GetFromJsonAsync<JsonElement>($"/api/telemetry/active-users?days={days}&to={to:yyyy-MM-dd}");
        Assert.Equal(days, answer.GetProperty("days").GetInt32());
        return answer.GetProperty("activeUsers").GetInt32();
    }
}
