using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

/// <summary>Stock's decision on one rental.</summary>
internal sealed record RentalDecision(Guid RentalId, RentalStatus Outcome, string? Reason, DateTimeOffset DecidedAt);

/// <summary>
/// Records stock's decisions on pending rentals and tells the clerk who took each order (a popup and an inbox entry; no
/// email: the clerk is at the counter). A decision for a rental no longer pending changes nothing. A batch's decisions
/// load their rentals with one query rather than one each: under a burst that query per message was a measured share of
/// the worker's time per rental.
/// </summary>
internal sealed class RentalDecisions(TellalDbContext db, IMessagePublisher publisher)
{
    public async Task DecideAsync(IReadOnlyList<RentalDecision> decisions, CancellationToken cancellationToken)
    {
        var ids = decisions.Select(d => d.RentalId).Distinct().ToList();
        var rentals = await db.Set<Rental>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);
        foreach (var decision in decisions)
        {
            // Also skips the second of two decisions for one rental in the same batch: the first already changed it.
            if (rentals.GetValueOrDefault(decision.RentalId) is { Status: RentalStatus.Pending } rental)
            {
                Decide(rental, decision);
            }
        }
    }

    private void Decide(Rental rental, RentalDecision decision)
    {
        rental.Status = decision.Outcome;
        rental.Reason = decision.Reason;
        rental.DecidedAt = decision.DecidedAt;
        rental.Version++;
        var confirmed = decision.Outcome == RentalStatus.Confirmed;
        publisher.Publish(new NotificationRequested(
            rental.ClerkId,
            null,
            confirmed ? NotificationKinds.RentalConfirmed : NotificationKinds.RentalRejected,
            confirmed ? "Rental confirmed" : "Rental rejected",
            confirmed ? $"The rental for customer {rental.CustomerId} is confirmed: hand the games over." : $"The rental for customer {rental.CustomerId} was rejected. {decision.Reason}",
            $"/rentals/{rental.Id}",
            null,
            Email: false));
    }
}
