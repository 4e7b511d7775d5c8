using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

internal sealed class RentalRejectedHandler(RentalDecisions decisions) : IMessageHandler<RentalRejected>
{
    public Task HandleAsync(RentalRejected message, MessageContext context, CancellationToken cancellationToken) =>
        decisions.DecideAsync(message.RentalId, RentalStatus.Rejected, message.Reason, message.RejectedAt, cancellationToken);
}
