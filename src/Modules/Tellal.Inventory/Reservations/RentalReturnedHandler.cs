using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// Gives a returned rental's copies back exactly once: a reservation is released only by the statement that deletes
/// it, so the same return handled twice (a replay, a second message) finds nothing left to release, and tells no news.
/// </summary>
internal sealed class RentalReturnedHandler(TellalDbContext db, IMessagePublisher publisher, TimeProvider time) : IMessageHandler<RentalReturned>
{
    public async Task HandleAsync(RentalReturned message, MessageContext context, CancellationToken cancellationToken)
    {
        var reservations = await db.Set<Reservation>().AsNoTracking()
            .Where(r => r.RentalId == message.RentalId)
            .OrderBy(r => r.GameId)
            .ToListAsync(cancellationToken);
        foreach (var reservation in reservations)
        {
            var deleted = await db.Set<Reservation>()
                .Where(r => r.RentalId == reservation.RentalId && r.GameId == reservation.GameId)
                .ExecuteDeleteAsync(cancellationToken);
            if (deleted == 1
                && await StockChanges.ReleaseAsync(db, new RentalItem(reservation.GameId, reservation.Quantity), time.GetUtcNow(), cancellationToken) is { } change)
            {
                StockChanges.Announce(publisher, change);
            }
        }
    }
}
