using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// The two statements that change stock, as plain SQL on <see cref="Stock.GameStock"/>'s explicit table and columns (the same
/// on SQLite and PostgreSQL). They run once per item of every order: LINQ's <c>ExecuteUpdate</c> translated its expression
/// tree again on each call, a measured share of the worker's CPU per rental; the SQL does the same in one statement.
/// </summary>
internal static class StockChanges
{
    /// <summary>
    /// Takes <see cref="RentalItem.Quantity"/> copies if that many are available: 1 row affected, else 0. The database checks
    /// and changes the row in one step under its row lock, so consumers on any number of nodes never take more than exist.
    /// </summary>
    public static Task<int> TryReserveAsync(TellalDbContext db, RentalItem item, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"UPDATE inv_stock SET reserved = reserved + {item.Quantity} WHERE game_id = {item.GameId} AND reserved + {item.Quantity} <= total",
            cancellationToken);

    /// <summary>Gives copies back in one statement; the check constraint refuses it should it ever go below zero.</summary>
    public static Task<int> ReleaseAsync(TellalDbContext db, RentalItem item, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"UPDATE inv_stock SET reserved = reserved - {item.Quantity} WHERE game_id = {item.GameId}", cancellationToken);

    public static PublishOptions KeyedBy(IEnumerable<RentalItem> items) => new() { Subject = RentalSubject.Of(items) };
}
