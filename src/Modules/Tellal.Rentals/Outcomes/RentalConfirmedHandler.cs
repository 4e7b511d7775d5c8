using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Rentals.Rentals;

namespace Tellal.Rentals.Outcomes;

internal sealed class RentalConfirmedHandler(RentalDecisions decisions) : IMessageHandler<RentalConfirmed>
{
    public Task HandleAsync(RentalConfirmed message, MessageContext context, CancellationToken cancellationToken) =>
        decisions.DecideAsync(message.RentalId, RentalStatus.Confirmed, null, message.ConfirmedAt, cancellationToken);
}
