using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// Marks the closed days whose figures late events change as stale, in the staging transaction: an event of day D
/// changes D's DAU and the 7/14/30-day windows of the 29 days after it, so those rolled-up rows no longer hold and are
/// counted again once the events are moved. An upsert, so a mark made while the roll-up inserts the day's first
/// row is not lost (the roll-up's insert then fails and it tries again). Late events are rare (devices that were
/// offline, backfills), so this touches no row on the hot path: today is never rolled up.
/// </summary>
internal static class LateDays
{
    private const int MaxWindow = 30;

    public static async Task MarkAsync(TellalDbContext db, IReadOnlyList<TelemetryEvent> events, DateOnly today, CancellationToken cancellationToken)
    {
        var late = events.Select(e => DateOnly.FromDateTime(e.OccurredAt.UtcDateTime)).Where(d => d < today).Distinct();
        var touched = late.SelectMany(d => Enumerable.Range(0, MaxWindow).Select(d.AddDays).TakeWhile(t => t < today)).Distinct().Order();
        foreach (var day in touched)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO tel_active_users (day, dau, wau, two_week, mau, rolled_at, stale, version) VALUES ({day}, 0, 0, 0, 0, NULL, TRUE, 1)
                ON CONFLICT (day) DO UPDATE SET stale = TRUE, version = tel_active_users.version + 1
                """, cancellationToken);
        }
    }
}
