using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

internal sealed class RentalConfirmedHandler(RentalDecisions decisions) : IBatchMessageHandler<RentalConfirmed>
{
    public Task HandleAsync(IReadOnlyList<RentalConfirmed> messages, CancellationToken cancellationToken) =>
        decisions.DecideAsync([.. messages.Select(m => new RentalDecision(m.RentalId, RentalStatus.Confirmed, null, m.ConfirmedAt))], cancellationToken);
}
