using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// Rolls closed UTC days into <c>tel_active_users</c>, counted exactly from the permanent events: every closed day of
/// the series without a row (so a day that ended while every node was down is rolled when one comes back) and every
/// day marked stale by late events (<see cref="LateDays"/>). A day whose events still wait in staging is left for a
/// later round. Every ingest node runs it: a count is a function of the permanent table, and a row is written only if
/// no late mark came since it was read (its version), so nodes and marks never leave a wrong row behind.
/// </summary>
internal sealed class DayRollup(IServiceScopeFactory scopes, StartupGate gate, IOptions<ActiveUsersOptions> options, TimeProvider time, ILogger<DayRollup> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.RollupInterval, time);
        do
        {
            try
            {
                await RollAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not roll up active users; trying again in {Interval}", options.Value.RollupInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RollAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var now = time.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        var first = yesterday.AddDays(1 - ActiveUsersSeriesEndpoint.Days);
        var rows = await db.Set<ActiveUsersDay>().AsNoTracking().Where(d => d.Day >= first || d.Stale).ToDictionaryAsync(d => d.Day, cancellationToken);
        var due = Enumerable.Range(0, ActiveUsersSeriesEndpoint.Days).Select(i => yesterday.AddDays(-i)).Where(day => !rows.ContainsKey(day))
            .Concat(rows.Values.Where(r => r.Stale && r.Day <= yesterday).Select(r => r.Day))
            .ToList();
        if (due.Count == 0)
        {
            return;
        }

        // Days still in staging wait for the mover (one scan of staging per round, only when something is due).
        var staged = await db.Set<StagedEvent>().GroupBy(_ => 1)
            .Select(g => new { From = g.Min(s => s.OccurredAt), To = g.Max(s => s.OccurredAt) })
            .FirstOrDefaultAsync(cancellationToken);
        foreach (var day in due.Where(d => staged is null || ExactActiveUsers.Start(d.AddDays(1)) <= staged.From || ExactActiveUsers.Start(d) > staged.To))
        {
            var counted = await ExactActiveUsers.DayAsync(db, day, now, cancellationToken);
            if (rows.TryGetValue(day, out var row))
            {
                await db.Set<ActiveUsersDay>().Where(d => d.Day == day && d.Version == row.Version).ExecuteUpdateAsync(d => d
                    .SetProperty(x => x.Dau, counted.Dau).SetProperty(x => x.Wau, counted.Wau).SetProperty(x => x.TwoWeek, counted.TwoWeek)
                    .SetProperty(x => x.Mau, counted.Mau).SetProperty(x => x.RolledAt, now).SetProperty(x => x.Stale, false), cancellationToken);
            }
            else
            {
                await InsertAsync(db, counted, cancellationToken);
            }
        }
    }

    private static async Task InsertAsync(TellalDbContext db, ActiveUsersDay counted, CancellationToken cancellationToken)
    {
        db.Add(counted);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A late mark or another node made the row first: the next round reads and rolls it.
            db.ChangeTracker.Clear();
        }
    }
}
