using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Reports;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse.Apps;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// Telemetry reaches the reports catalogue over messages only: events sent by an app are staged, moved, rolled up and
/// verified by the telemetry module, whose roll-ups and decided purchases reach the warehouse, where the
/// active-users-trend and verified-revenue-per-game reports count them (a forged receipt left out).
/// </summary>
public sealed class TelemetryReportsTests(AppStoreFixture fixture) : IClassFixture<AppStoreFixture>
{
    [Fact]
    public async Task The_reports_count_the_apps_players_per_closed_day_and_only_verified_purchases()
    {
        await fixture.Store.SetFaultsAsync(new { });
        var settings = new Dictionary<string, string?>(fixture.Store.TellalSettings) { ["Tellal:Telemetry:ActiveUsers:RollupInterval"] = "00:00:00.200" };
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Sqlite, settings);
        var (_, key) = await node.NewKeyAsync();
        // Three closed days within the roll-up's 90 days: a, b, c; then b, d; then e (and a purchase by each buyer).
        var first = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-5);
        var run = Guid.NewGuid().ToString("N")[..8];
        var events = new List<Dictionary<string, object?>>();
        foreach (var (offset, players) in new[] { (0, "abc"), (1, "bd"), (2, "e") })
        {
            events.AddRange(players.Select(p => TelemetryApp.Event($"{run}-{p}", At(first.AddDays(offset)))));
        }

        events.Add(Purchase($"{run}-a", At(first), 42, AppStoreProcess.Receipt("gems.500", 4_990_000, "EUR")));
        events.Add(Purchase($"{run}-b", At(first.AddDays(1)), 42, AppStoreProcess.Receipt("gems.900", 9_990_000, "EUR", forged: true)));
        events.Add(Purchase($"{run}-e", At(first.AddDays(2)), 43, AppStoreProcess.Receipt("season-pass", 9_990_000, "USD")));
        Assert.Equal(HttpStatusCode.Accepted, (await node.PostAsync(key, events)).StatusCode);

        // The warehouse holds what telemetry decided and rolled up (a day rolled before its last events were moved is
        // rolled again and the newer figures replace the older).
        var expected = new[] { (3, 3, 3, 3), (2, 4, 4, 4), (1, 5, 5, 5) };
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = node.App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            var days = await db.Set<AppActiveUsersDay>().Where(d => d.Day >= first && d.Day <= first.AddDays(2)).OrderBy(d => d.Day).ToListAsync();
            return days.Select(d => (d.Dau, d.Wau, d.TwoWeek, d.Mau)).SequenceEqual(expected) && await db.Set<AppPurchase>().CountAsync() == 3;
        }, "the warehouse has the roll-ups and the decided purchases", TimeSpan.FromMinutes(2));

        var period = new { from = Day(first), to = Day(first.AddDays(2)) };
        var trend = await CsvAsync(node, new { reportType = "active-users-trend", format = "csv", parameters = period });
        Assert.Equal(
        [
            "Day,Daily,7 days,14 days,30 days",
            $"{Day(first)},3,3,3,3",
            $"{Day(first.AddDays(1))},2,4,4,4",
            $"{Day(first.AddDays(2))},1,5,5,5",
        ], trend);
        var png = await SubmitAndWaitAsync(node, new { reportType = "active-users-trend", format = "png", parameters = period });
        Assert.Equal("image/png", (await node.Admin.GetAsync($"/api/reports/{png}/file")).Content.Headers.ContentType?.MediaType);

        var revenue = await CsvAsync(node, new { reportType = "verified-revenue-per-game", format = "csv", parameters = period });
        Assert.Equal("Game id,Game,Currency,Verified purchases,Revenue", revenue[0]);
        Assert.Equal([("42", "EUR", "1", "4.99"), ("43", "USD", "1", "9.99")], revenue.Skip(1).Select(Fields));
    }

    private static (string GameId, string Currency, string Purchases, string Revenue) Fields(string line)
    {
        var fields = line.Split(',');
        return (fields[0], fields[^3], fields[^2], fields[^1]);
    }

    private static async Task<string[]> CsvAsync(TelemetryApp node, object request)
    {
        var id = await SubmitAndWaitAsync(node, request);
        var csv = await node.Admin.GetStringAsync($"/api/reports/{id}/file");
        return csv.TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
    }

    private static async Task<Guid> SubmitAndWaitAsync(TelemetryApp node, object request)
    {
        var id = await ReportsApp.SubmitAsync(node.Admin, request);
        await ReportsApp.WaitForStatusAsync(node.Admin, id, "Ready");
        return id;
    }

    private static DateTimeOffset At(DateOnly day) => new(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Dictionary<string, object?> Purchase(string playerId, DateTimeOffset at, long gameId, Dictionary<string, object> receipt)
    {
        var e = TelemetryApp.Event(playerId, at, "purchase");
        e["gameId"] = gameId;
        e["data"] = new Dictionary<string, object> { ["receipt"] = receipt };
        return e;
    }
}
