using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Contracts.Telemetry;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// Rolls closed UTC days into <c>tel_active_users</c>, counted exactly from the permanent events: every closed day of
/// the series without a row (so a day that ended while every node was down is rolled when one comes back) and every
/// day marked stale by late events (<see cref="LateDays"/>). A day whose events still wait in staging is left for a
/// later round. Every ingest node runs it: a count is a function of the permanent table, and a row is written only if
/// no late mark came since it was read (its version), so nodes and marks never leave a wrong row behind. Each row written
/// is also told to the warehouse (<see cref="ActiveUsersRolledUp"/>), for the reports.
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
        var publisher = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
        foreach (var day in due.Where(d => staged is null || ExactActiveUsers.Start(d.AddDays(1)) <= staged.From || ExactActiveUsers.Start(d) > staged.To))
        {
            var counted = await ExactActiveUsers.DayAsync(db, day, now, cancellationToken);
            counted.Version = rows.TryGetValue(day, out var row) ? row.Version : 0;
            await WriteAsync(db, publisher, counted, existing: row is not null, cancellationToken);
        }
    }

    /// <summary>
    /// Writes the day's row and tells the warehouse (<see cref="ActiveUsersRolledUp"/>) in one transaction: nothing is sent
    /// for a row that was not written (a late mark came since it was read, or another node inserted it first; the next
    /// round rolls it again).
    /// </summary>
    private static async Task WriteAsync(TellalDbContext db, IMessagePublisher publisher, ActiveUsersDay counted, bool existing, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // A new day's row starts as a placeholder that the update below fills (through the model, so times are stored as
        // the provider's converter stores them); it commits only filled.
        if (!existing && await db.Database.ExecuteSqlAsync($"""
                INSERT INTO tel_active_users (day, dau, wau, two_week, mau, rolled_at, stale, version) VALUES ({counted.Day}, 0, 0, 0, 0, NULL, TRUE, 0)
                ON CONFLICT (day) DO NOTHING
                """, cancellationToken) != 1)
        {
            return;
        }

        var written = await db.Set<ActiveUsersDay>().Where(d => d.Day == counted.Day && d.Version == counted.Version).ExecuteUpdateAsync(d => d
            .SetProperty(x => x.Dau, counted.Dau).SetProperty(x => x.Wau, counted.Wau).SetProperty(x => x.TwoWeek, counted.TwoWeek)
            .SetProperty(x => x.Mau, counted.Mau).SetProperty(x => x.RolledAt, counted.RolledAt).SetProperty(x => x.Stale, false), cancellationToken);
        if (written != 1)
        {
            return;
        }

        publisher.Publish(new ActiveUsersRolledUp(counted.Day, counted.Dau, counted.Wau, counted.TwoWeek, counted.Mau, counted.Version, counted.RolledAt!.Value));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
