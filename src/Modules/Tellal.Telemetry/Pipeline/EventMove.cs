using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// One move of staged events into the permanent table, in two transactions that both renew the mover lease: the first
/// flips <see cref="MoverLease.StagingSlot"/> so writers append to the other slot from then on; the second moves the slot
/// they left whole (duplicates dropped by event id) and clears it. A node that does not hold the lease does neither;
/// a crash anywhere rolls the move back and the next holder moves the same rows.
/// <para>
/// On PostgreSQL the insert into the permanent table, most of the pipeline's database work, is split by event id over
/// <c>connections</c> statements on their own connections, run side by side (one statement runs on one core). Each
/// commits alone, before the slot is cleared: a crash between them leaves the slot whole, and moving it again inserts
/// nothing twice (<c>ON CONFLICT DO NOTHING</c>). A duplicated event id falls in one part, so no two parts insert the
/// same key and none waits for another.
/// </para>
/// </summary>
internal static class EventMove
{
    /// <summary>Events moved (dropped duplicates not counted), or null when another node holds the lease.</summary>
    public static async Task<int?> RunAsync(TellalDbContext db, string holder, DateTimeOffset now, TimeSpan lease, int connections, CancellationToken cancellationToken)
    {
        // On PostgreSQL the UPDATE locks the lease row until commit: a second mover's UPDATE waits, then re-reads the row,
        // finds it held and unexpired, and updates nothing. So two moves never overlap, even with a lease about to expire.
        var flipped = await db.Set<MoverLease>()
            .Where(l => l.Name == MoverLease.Mover && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.Holder, holder).SetProperty(x => x.ExpiresAt, now + lease)
                .SetProperty(x => x.StagingSlot, x => (short)(1 - x.StagingSlot)), cancellationToken);
        if (flipped == 0)
        {
            return null;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var held = await db.Set<MoverLease>().Where(l => l.Name == MoverLease.Mover && l.Holder == holder)
            .ExecuteUpdateAsync(l => l.SetProperty(x => x.ExpiresAt, now + lease), cancellationToken);
        if (held == 0)
        {
            return null;
        }

        // Read under the lease row's lock: the slot writers do not append to, whoever flipped it last.
        var slot = (short)(1 - await db.Set<MoverLease>().Where(l => l.Name == MoverLease.Mover).Select(l => l.StagingSlot).FirstAsync(cancellationToken));
        var moved = db.Database.IsNpgsql() ? await MoveOnPostgresAsync(db, slot, now, connections, cancellationToken) : await MoveOnSqliteAsync(db, slot, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return moved;
    }

    private static async Task<int> MoveOnPostgresAsync(TellalDbContext db, short slot, DateTimeOffset now, int connections, CancellationToken cancellationToken)
    {
        // A name from a fixed list, never from input: the statements below are built with it, not parameterized.
        var partition = SlotPartitions[slot];
        // SHARE waits for the writers still appending to this slot (they read it before the flip) and holds off any late
        // one until commit; readers of staging (the backlog figure, the roll-up, the parts below) go on. The TRUNCATE below
        // raises it to an exclusive lock for the moment it takes.
        var lockSlot = $"LOCK TABLE {partition} IN SHARE MODE";
        await db.Database.ExecuteSqlRawAsync(lockSlot, cancellationToken);
        var anyStaged = $"""SELECT EXISTS (SELECT 1 FROM {partition}) AS "Value" """;
        if (!await db.Database.SqlQueryRaw<bool>(anyStaged).SingleAsync(cancellationToken))
        {
            return 0;
        }

        var connectionString = db.Database.GetConnectionString()!;
        // Committed before the parts start: creating a partition locks tel_events until its transaction ends, and the
        // parts insert into tel_events from other connections.
        await ExecuteAloneAsync(connectionString, EnsurePartitions(partition), new NpgsqlParameter("today", DateOnly.FromDateTime(now.UtcDateTime)), cancellationToken);
        var parts = await Task.WhenAll(Enumerable.Range(0, connections).Select(part =>
            ExecuteAloneAsync(connectionString, MovePart(partition, part, connections), null, cancellationToken)));
        // Clearing the slot whole, where a DELETE would write and later vacuum every row: that was 40 % of a move.
        var clear = $"TRUNCATE {partition}";
        await db.Database.ExecuteSqlRawAsync(clear, cancellationToken);
        return parts.Sum();
    }

    /// <summary>One part of a move: the slot's events whose id hashes to <paramref name="part"/> of <paramref name="parts"/>.</summary>
    private static string MovePart(string partition, int part, int parts) => $"""
        INSERT INTO tel_events (event_id, app, device_id, player_id, game_id, type, occurred_at, data)
        SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM {partition}
        WHERE (uuid_hash(event_id) & 2147483647) % {parts} = {part}
        ON CONFLICT DO NOTHING
        """;

    /// <summary>A statement in its own transaction, on a connection of its own from the pool.</summary>
    private static async Task<int> ExecuteAloneAsync(string connectionString, string sql, NpgsqlParameter? parameter, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // No timeout: a slot that grew during an outage takes as long as it takes, and a timed-out part would roll back
        // and be tried again whole, never finishing. The node's stop cancels it.
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        if (parameter is not null)
        {
            command.Parameters.Add(parameter);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The day partitions of tel_events (PostgreSQL) for every day in the slot, and ahead of time for today and the next
    /// <see cref="DaysAhead"/> days, so the creation (a short exclusive lock on tel_events) happens once a day, long
    /// before midnight, and otherwise only for an old day that a device reports late. Days that have their partition are
    /// skipped without DDL.
    /// </summary>
    private static string EnsurePartitions(string partition) => $"""
        SELECT tel_ensure_day_partition(day) FROM (
            SELECT DISTINCT (occurred_at AT TIME ZONE 'UTC')::date AS day FROM {partition}
            UNION SELECT @today::date + ahead FROM generate_series(0, {DaysAhead}) ahead) days
        WHERE to_regclass('tel_events_' || to_char(day, 'YYYYMMDD')) IS NULL
        """;

    /// <summary>The partitions of tel_staged_events on PostgreSQL, by slot (created by the StagingSlots migration).</summary>
    private static readonly string[] SlotPartitions = ["tel_staged_events_0", "tel_staged_events_1"];

    /// <summary>Days after today whose partitions exist before their first event.</summary>
    private const int DaysAhead = 2;

    /// <summary>SQLite has one writer at a time: this transaction holds the write lock, so no writer is in the slot.</summary>
    private static async Task<int> MoveOnSqliteAsync(TellalDbContext db, short slot, CancellationToken cancellationToken)
    {
        var moved = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO tel_events (event_id, app, device_id, player_id, game_id, type, occurred_at, data)
            SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM tel_staged_events WHERE slot = {slot}
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        await db.Set<StagedEvent>().Where(s => s.Slot == slot).ExecuteDeleteAsync(cancellationToken);
        return moved;
    }
}
