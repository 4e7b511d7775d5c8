using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Testing;
using Tellal.Telemetry.Ingest;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// The mover clears a moved staging slot whole (TRUNCATE on PostgreSQL), so it must never clear a row it did not copy:
/// a writer still appending to the slot when it flips is waited for, and a writer that read the old slot but writes
/// only after the move leaves rows that the next move of that slot takes.
/// </summary>
public sealed class StagingSlotTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(10);

    /// <summary>Far beyond the node's own mover's lease (real time): the node's mover stands by throughout.</summary>
    private static readonly DateTimeOffset T0 = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_move_waits_for_a_writer_still_appending_to_the_slot_and_takes_its_rows()
    {
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Postgres);
        Assert.NotNull(await MoveAsync(node, T0));

        await using var writer = node.App.Services.CreateAsyncScope();
        var db = writer.ServiceProvider.GetRequiredService<TellalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var staged = NewEvent();
        await StagingWriter.WriteAsync(db, [new TelemetryEventsReceived("test-app", [staged])], CancellationToken.None);

        var move = MoveAsync(node, T0 + TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => await node.CountAsync("""
            SELECT COUNT(*) AS "Value" FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
            WHERE NOT l.granted AND c.relname LIKE 'tel_staged_events_%'
            """) > 0, "the move waits for the writer's slot");
        await transaction.CommitAsync();

        Assert.Equal(1, await move);
        Assert.Equal(1, await node.StoredAsync([staged.EventId]));
        Assert.Equal(0, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM tel_staged_events"""));
    }

    [Fact]
    public async Task Rows_written_to_a_slot_after_its_move_go_with_the_next_move_of_that_slot()
    {
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Postgres);
        Assert.NotNull(await MoveAsync(node, T0));
        var stale = await node.CountAsync("""SELECT staging_slot::bigint AS "Value" FROM tel_mover_lease""");

        // The mover flips and moves the slot a writer read just before, while that writer has not written yet.
        Assert.Equal(0, await MoveAsync(node, T0 + TimeSpan.FromSeconds(1)));
        var late = NewEvent();
        await using (var writer = node.App.Services.CreateAsyncScope())
        {
            await writer.ServiceProvider.GetRequiredService<TellalDbContext>().Database.ExecuteSqlAsync($"""
                INSERT INTO tel_staged_events (slot, event_id, app, device_id, player_id, game_id, type, occurred_at, data)
                VALUES ({(short)stale}, {late.EventId}, 'test-app', 'device-1', 'player-1', 1, 'heartbeat', now(), {"{}"})
                """);
        }

        Assert.Equal(0, await MoveAsync(node, T0 + TimeSpan.FromSeconds(2)));
        Assert.Equal(1, await MoveAsync(node, T0 + TimeSpan.FromSeconds(3)));
        Assert.Equal(1, await node.StoredAsync([late.EventId]));
    }

    [Fact]
    public async Task A_move_split_over_several_connections_stores_each_event_once_and_clears_the_slot()
    {
        await using var node = await TelemetryApp.StartAsync(DatabaseProvider.Postgres);
        Assert.NotNull(await MoveAsync(node, T0));
        var events = Enumerable.Range(0, 200).Select(_ => NewEvent()).ToList();
        // One already permanent, and a resend of a tenth of the rest in the same slot: each must land once, whichever
        // part its id hashes to.
        await StageAsync(node, [events[0]]);
        Assert.Equal(1, await MoveAsync(node, T0 + TimeSpan.FromSeconds(1), connections: 3));
        await StageAsync(node, [.. events, .. events.Where((_, i) => i % 10 == 1)]);

        Assert.Equal(events.Count - 1, await MoveAsync(node, T0 + TimeSpan.FromSeconds(2), connections: 3));
        Assert.Equal(events.Count, await node.StoredAsync([.. events.Select(e => e.EventId)]));
        Assert.Equal(events.Count, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM tel_events"""));
        Assert.Equal(0, await node.CountAsync("""SELECT COUNT(*) AS "Value" FROM tel_staged_events"""));
    }

    private static async Task StageAsync(TelemetryApp node, IReadOnlyList<TelemetryEvent> events)
    {
        await using var writer = node.App.Services.CreateAsyncScope();
        var db = writer.ServiceProvider.GetRequiredService<TellalDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await StagingWriter.WriteAsync(db, [new TelemetryEventsReceived("test-app", events)], CancellationToken.None);
        await transaction.CommitAsync();
    }

    private static TelemetryEvent NewEvent() =>
        new(Guid.NewGuid(), "device-1", "player-1", 1, "heartbeat", DateTimeOffset.UtcNow, "{}");

    private static async Task<int?> MoveAsync(TelemetryApp node, DateTimeOffset now, int connections = 1)
    {
        await using var scope = node.App.Services.CreateAsyncScope();
        return await EventMove.RunAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), "test", now, Lease, connections, CancellationToken.None);
    }
}
