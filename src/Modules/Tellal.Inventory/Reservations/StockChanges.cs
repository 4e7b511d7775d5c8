using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// The only statements that change a game's reserved copies. Each is one <c>UPDATE ... RETURNING</c> (the same SQL on
/// SQLite and PostgreSQL): the row is checked, changed and read back in one step under its row lock, and its version
/// grows by one, so the values returned are exactly those this change left, in the order the changes commit.
/// </summary>
internal static class StockChanges
{
    /// <summary>Takes the copies if enough are left; null when they are not (or the game has no stock).</summary>
    public static Task<StockChanged?> ReserveAsync(TellalDbContext db, RentalItem item, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(db, db.Database.SqlQuery<ChangedRow>($"""
            UPDATE inv_stock SET reserved = reserved + {item.Quantity}, version = version + 1
            WHERE game_id = {item.GameId} AND reserved + {item.Quantity} <= total
            RETURNING game_id AS "GameId", total AS "Total", reserved AS "Reserved", version AS "Version"
            """), now, cancellationToken);

    /// <summary>Gives copies back; the check constraint refuses it should it ever go below zero.</summary>
    public static Task<StockChanged?> ReleaseAsync(TellalDbContext db, RentalItem item, DateTimeOffset now, CancellationToken cancellationToken) =>
        ChangeAsync(db, db.Database.SqlQuery<ChangedRow>($"""
            UPDATE inv_stock SET reserved = reserved - {item.Quantity}, version = version + 1
            WHERE game_id = {item.GameId}
            RETURNING game_id AS "GameId", total AS "Total", reserved AS "Reserved", version AS "Version"
            """), now, cancellationToken);

    /// <summary>Announces a change with the transaction that makes it: subject = the game, so Kafka keeps one game's news in order.</summary>
    public static void Announce(IMessagePublisher publisher, StockChanged change) =>
        publisher.Publish(change, new PublishOptions { Subject = RentalSubject.Of(change.GameId) });

    public static PublishOptions KeyedBy(IEnumerable<RentalItem> items) => new() { Subject = RentalSubject.Of(items) };

    private static async Task<StockChanged?> ChangeAsync(TellalDbContext db, IQueryable<ChangedRow> update, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Not composed (no First/Single): the statement must run as written, not wrapped in a SELECT.
        var rows = await update.ToListAsync(cancellationToken);
        return rows is [var row] ? new StockChanged(row.GameId, row.Total, row.Reserved, row.Total - row.Reserved, row.Version, now) : null;
    }

    private sealed record ChangedRow(long GameId, int Total, int Reserved, long Version);
}
