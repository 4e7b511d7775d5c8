using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

/// <summary>
/// Records stock's decision on a pending rental and tells the clerk who took the order (a popup and an inbox entry; no
/// email: the clerk is at the counter). A decision for a rental no longer pending changes nothing.
/// </summary>
internal sealed class RentalDecisions(TellalDbContext db, IMessagePublisher publisher)
{
    public async Task DecideAsync(Guid rentalId, RentalStatus outcome, string? reason, DateTimeOffset decidedAt, CancellationToken cancellationToken)
    {
        var rental = await db.Set<Rental>().FirstOrDefaultAsync(r => r.Id == rentalId, cancellationToken);
        if (rental is not { Status: RentalStatus.Pending })
        {
            return;
        }

        rental.Status = outcome;
        rental.Reason = reason;
        rental.DecidedAt = decidedAt;
        rental.Version++;
        var confirmed = outcome == RentalStatus.Confirmed;
        publisher.Publish(new NotificationRequested(
            rental.ClerkId,
            null,
            confirmed ? NotificationKinds.RentalConfirmed : NotificationKinds.RentalRejected,
            confirmed ? "Rental confirmed" : "Rental rejected",
            confirmed ? $"The rental for customer {rental.CustomerId} is confirmed: hand the games over." : $"The rental for customer {rental.CustomerId} was rejected. {reason}",
            $"/rentals/{rental.Id}",
            null,
            Email: false));
    }
}
