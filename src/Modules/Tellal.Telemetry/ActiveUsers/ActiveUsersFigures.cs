using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// Where an active-users figure comes from: a rolled-up day's exact row when there is one and no event came for the day
/// since; otherwise (today, a day not rolled yet or marked stale) Redis's estimate when Redis is configured and answers, else the exact count from the permanent table
/// (the embedded default, which has no Redis).
/// </summary>
internal sealed class ActiveUsersFigures(TellalDbContext db, IServiceProvider services)
{
    private readonly LiveActiveUsers? _live = services.GetService<LiveActiveUsers>();

    public async Task<IReadOnlyList<ActiveUsersDay>> SeriesAsync(DateOnly lastDay, int days, CancellationToken cancellationToken)
    {
        var first = lastDay.AddDays(1 - days);
        var rolled = await db.Set<ActiveUsersDay>().AsNoTracking().Where(d => d.Day >= first && d.Day <= lastDay && !d.Stale).ToDictionaryAsync(d => d.Day, cancellationToken);
        var series = new List<ActiveUsersDay>(days);
        for (var day = first; day <= lastDay; day = day.AddDays(1))
        {
            series.Add(rolled.TryGetValue(day, out var row) ? row : await LiveDayAsync(day, cancellationToken));
        }

        return series;
    }

    public async Task<int> CountAsync(DateOnly lastDay, int days, CancellationToken cancellationToken)
    {
        var row = await db.Set<ActiveUsersDay>().AsNoTracking().FirstOrDefaultAsync(d => d.Day == lastDay && !d.Stale, cancellationToken);
        return row?.Window(days) ?? await LiveAsync(lastDay, days, cancellationToken);
    }

    private async Task<ActiveUsersDay> LiveDayAsync(DateOnly day, CancellationToken cancellationToken) => new()
    {
        Day = day,
        Dau = await LiveAsync(day, 1, cancellationToken),
        Wau = await LiveAsync(day, 7, cancellationToken),
        TwoWeek = await LiveAsync(day, 14, cancellationToken),
        Mau = await LiveAsync(day, 30, cancellationToken),
    };

    private async Task<int> LiveAsync(DateOnly lastDay, int days, CancellationToken cancellationToken) =>
        (_live is null ? null : await _live.CountAsync(lastDay, days)) ?? await ExactActiveUsers.CountAsync(db, lastDay, days, cancellationToken);
}
