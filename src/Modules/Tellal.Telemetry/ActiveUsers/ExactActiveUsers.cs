using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>Distinct players of the permanent table over the <c>days</c> UTC days ending with a day: the exact count, from the index (occurred_at, player_id).</summary>
internal static class ExactActiveUsers
{
    public static Task<int> CountAsync(TellalDbContext db, DateOnly lastDay, int days, CancellationToken cancellationToken)
    {
        var from = Start(lastDay.AddDays(1 - days));
        var until = Start(lastDay.AddDays(1));
        return db.Set<StoredEvent>().AsNoTracking()
            .Where(e => e.OccurredAt >= from && e.OccurredAt < until)
            .Select(e => e.PlayerId).Distinct().CountAsync(cancellationToken);
    }

    public static async Task<ActiveUsersDay> DayAsync(TellalDbContext db, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken) => new()
    {
        Day = day,
        Dau = await CountAsync(db, day, 1, cancellationToken),
        Wau = await CountAsync(db, day, 7, cancellationToken),
        TwoWeek = await CountAsync(db, day, 14, cancellationToken),
        Mau = await CountAsync(db, day, 30, cancellationToken),
        RolledAt = now,
    };

    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}
