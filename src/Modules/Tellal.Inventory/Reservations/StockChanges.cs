using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

internal static class StockChanges
{
    /// <summary>Gives copies back in one statement; the check constraint refuses it should it ever go below zero.</summary>
    public static Task<int> ReleaseAsync(TellalDbContext db, RentalItem item, CancellationToken cancellationToken) =>
        db.Set<GameStock>()
            .Where(s => s.GameId == item.GameId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Reserved, x => x.Reserved - item.Quantity), cancellationToken);

    public static PublishOptions KeyedBy(IEnumerable<RentalItem> items) => new() { Subject = RentalSubject.Of(items) };
}
