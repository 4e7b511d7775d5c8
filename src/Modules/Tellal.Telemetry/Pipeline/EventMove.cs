using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// One move of staged events into the permanent table, in one transaction with the renewal of the mover lease:
/// either this node still holds the lease and the slice is copied (duplicates dropped by event id) and deleted from
/// staging, or nothing happens. A crash anywhere rolls the whole move back; the next holder moves the same rows.
/// </summary>
internal static class EventMove
{
    /// <summary>Events moved (including dropped duplicates), or null when another node holds the lease.</summary>
    public static async Task<int?> RunAsync(TellalDbContext db, string holder, DateTimeOffset now, TimeSpan lease, int batchSize, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // On PostgreSQL the UPDATE locks the lease row until commit: a second mover's UPDATE waits, then re-reads the row,
        // finds it held and unexpired, and updates nothing. So two moves never overlap, even with a lease about to expire.
        var held = await db.Set<MoverLease>()
            .Where(l => l.Name == MoverLease.Mover && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Holder, holder).SetProperty(x => x.ExpiresAt, now + lease), cancellationToken);
        if (held == 0)
        {
            return null;
        }

        var last = await db.Set<StagedEvent>().OrderBy(s => s.Seq).Take(batchSize).Select(s => (long?)s.Seq).MaxAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await EnsurePartitionsAsync(db, last ?? 0, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        }

        var moved = last is { } upTo ? await MoveAsync(db, upTo, cancellationToken) : 0;
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    /// <summary>
    /// The day partitions of tel_events (PostgreSQL) for every day in the slice, and ahead of time for today and the next
    /// <see cref="DaysAhead"/> days, so the creation (a short exclusive lock on tel_events) happens once a day, long
    /// before midnight, and otherwise only for an old day that a device reports late. Days that have their partition are
    /// skipped without DDL.
    /// </summary>
    private static Task<int> EnsurePartitionsAsync(TellalDbContext db, long upTo, DateOnly today, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            SELECT tel_ensure_day_partition(day) FROM (
                SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date AS day FROM tel_staged_events WHERE seq <= {upTo}
                UNION SELECT {today}::date + ahead FROM generate_series(0, {DaysAhead}) ahead) days
            WHERE to_regclass('tel_events_' || to_char(day, 'YYYYMMDD')) IS NULL
            """, cancellationToken);

    /// <summary>Days after today whose partitions exist before their first event.</summary>
    private const int DaysAhead = 2;

    private static Task<int> MoveAsync(TellalDbContext db, long upTo, CancellationToken cancellationToken) =>
        db.Database.IsNpgsql()
            // One statement, one snapshot: what is deleted is exactly what is inserted, even while writers commit rows
            // with lower sequence numbers (identity values are handed out before their transactions commit).
            ? db.Database.ExecuteSqlAsync($"""
                WITH moved AS (DELETE FROM tel_staged_events WHERE seq <= {upTo} RETURNING event_id, app, device_id, player_id, game_id, type, occurred_at, data)
                INSERT INTO tel_events (event_id, app, device_id, player_id, game_id, type, occurred_at, data)
                SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM moved
                ON CONFLICT DO NOTHING
                """, cancellationToken)
            // SQLite has one writer at a time: from its first statement this transaction holds the write lock, so no
            // staged row can appear between the copy and the delete.
            : MoveOnSqliteAsync(db, upTo, cancellationToken);

    private static async Task<int> MoveOnSqliteAsync(TellalDbContext db, long upTo, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO tel_events (event_id, app, device_id, player_id, game_id, type, occurred_at, data)
            SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM tel_staged_events WHERE seq <= {upTo}
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        return await db.Set<StagedEvent>().Where(s => s.Seq <= upTo).ExecuteDeleteAsync(cancellationToken);
    }
}
