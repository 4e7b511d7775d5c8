using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// Active users per day: closed days rolled up exactly from the permanent table (also when their events arrive late),
/// the running day live (the exact count on the embedded default; Redis's HyperLogLog estimate with Redis), and the
/// 90-day series agreeing with counts made directly on the permanent table.
/// </summary>
public sealed class ActiveUsersSeriesTests
{
    private static readonly Dictionary<string, string?> FastRollup = new() { ["Tellal:Telemetry:ActiveUsers:RollupInterval"] = "00:00:00.200" };

    [Fact]
    public async Task The_series_agrees_with_exact_counts_from_the_permanent_table_for_closed_and_running_days()
    {
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Sqlite, FastRollup);
        var (_, key) = await node.NewKeyAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        // Players 0-29 three days ago, 20-59 yesterday, 50-64 today: windows overlap in known ways.
        var events = Day(today.AddDays(-3), 0, 30).Concat(Day(today.AddDays(-1), 20, 60)).Concat(Day(today, 50, 65)).ToList();
        // Yesterday may have been rolled (empty) before these late events came: they must make it count again.
        await Eventually.HoldsAsync(async () => (await SeriesAsync(node, today)).Count == 90, "the series answers");
        foreach (var chunk in events.Chunk(100))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await node.PostAsync(key, chunk)).StatusCode);
        }

        await node.MovedAsync(TelemetryApp.IdsOf(events));
        await Eventually.HoldsAsync(async () => await RolledAsync(node, today.AddDays(-1)), "yesterday is rolled up with its late events");

        var series = await SeriesAsync(node, today);
        Assert.Equal(today.AddDays(-89), series[0].Day);
        Assert.Equal(today, series[^1].Day);
        foreach (var point in series.Where(p => p.Day >= today.AddDays(-35)))
        {
            Assert.Equal((point.Day, await ExactAsync(node, point.Day, 1), await ExactAsync(node, point.Day, 7), await ExactAsync(node, point.Day, 14), await ExactAsync(node, point.Day, 30)),
                (point.Day, point.Dau, point.Wau, point.TwoWeek, point.Mau));
        }

        Assert.Equal((30, 40, 15), (series[^4].Dau, series[^2].Dau, series[^1].Dau));
        Assert.Equal(65, series[^1].Wau);
        var yesterday = await node.Admin.GetFromJsonAsync<JsonElement>($"/api/telemetry/active-users?days=7&to={today.AddDays(-1):yyyy-MM-dd}");
        Assert.Equal(60, yesterday.GetProperty("activeUsers").GetInt32());
    }

    [Fact]
    public async Task With_Redis_the_running_day_is_estimated_within_the_HyperLogLog_error_bound()
    {
        var settings = new Dictionary<string, string?>(FastRollup)
        {
            ["ConnectionStrings:redis"] = TestEnvironment.Redis,
            // A prefix of this run's own: the test Redis is shared by every run.
            ["Tellal:Telemetry:ActiveUsers:RedisKeyPrefix"] = $"test:{Guid.NewGuid():N}:",
        };
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Postgres, settings);
        var (_, key) = await node.NewKeyAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var events = Day(today, 0, 1_000).ToList();
        foreach (var chunk in events.Chunk(500))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await node.PostAsync(key, chunk)).StatusCode);
        }

        await node.MovedAsync(TelemetryApp.IdsOf(events));
        var exact = await ExactAsync(node, today, 1);
        Assert.Equal(1_000, exact);
        var estimate = (await node.Admin.GetFromJsonAsync<JsonElement>("/api/telemetry/active-users?days=1")).GetProperty("activeUsers").GetInt32();
        // Standard error 0.81%: five of them (4%) make a wrong failure practically impossible.
        Assert.InRange(estimate, exact * 0.96, exact * 1.04);
        Assert.Equal(estimate, (await SeriesAsync(node, today))[^1].Dau);
    }

    private static IEnumerable<Dictionary<string, object?>> Day(DateOnly day, int fromPlayer, int toPlayer)
    {
        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var now = DateTimeOffset.UtcNow;
        // Two events per player, at most a few minutes into the day and never in the future.
        return Enumerable.Range(fromPlayer, toPlayer - fromPlayer).SelectMany(p => new[] { 0, 1 }.Select(i =>
        {
            var at = start.AddSeconds((p * 2) + i);
            return TelemetryApp.Event($"au-player-{p}", at > now ? now.AddSeconds(-1) : at);
        }));
    }

    private static async Task<List<Point>> SeriesAsync(TelemetryApp node, DateOnly to)
    {
        var series = await node.Admin.GetFromJsonAsync<JsonElement>($"/api/telemetry/active-users/series?to={to:yyyy-MM-dd}");
        return [.. series.GetProperty("days").EnumerateArray().Select(d => new Point(
            DateOnly.Parse(d.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            d.GetProperty("dau").GetInt32(), d.GetProperty("wau").GetInt32(), d.GetProperty("twoWeek").GetInt32(), d.GetProperty("mau").GetInt32()))];
    }

    private static async Task<bool> RolledAsync(TelemetryApp node, DateOnly day)
    {
        await using var scope = node.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Tellal.Telemetry.ActiveUsers.ActiveUsersDay>()
            .AnyAsync(d => d.Day == day && !d.Stale && d.Dau > 0);
    }

    /// <summary>Counted directly on the permanent table, as an analyst would.</summary>
    private static async Task<int> ExactAsync(TelemetryApp node, DateOnly lastDay, int days)
    {
        await using var scope = node.App.Services.CreateAsyncScope();
        var from = new DateTimeOffset(lastDay.AddDays(1 - days).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var until = new DateTimeOffset(lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<StoredEvent>()
            .Where(e => e.OccurredAt >= from && e.OccurredAt < until).Select(e => e.PlayerId).Distinct().CountAsync();
    }

    private sealed record Point(DateOnly Day, int Dau, int Wau, int TwoWeek, int Mau);
}
