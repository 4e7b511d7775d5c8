using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

internal sealed class RentalRejectedHandler(RentalDecisions decisions) : IBatchMessageHandler<RentalRejected>
{
    public Task HandleAsync(IReadOnlyList<RentalRejected> messages, CancellationToken cancellationToken) =>
        decisions.DecideAsync([.. messages.Select(m => new RentalDecision(m.RentalId, RentalStatus.Rejected, m.Reason, m.RejectedAt))], cancellationToken);
}
