using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Counter;

/// <summary>
/// A confirmed counter rental becomes warehouse rentals, one row per copy, so a report requested afterwards counts it.
/// The counter is the company's own, not a partner's (company 0), and has no price list yet (price and cost 0).
/// </summary>
internal sealed class RentalConfirmedHandler(TellalDbContext db, WarehouseRentalIds ids) : IMessageHandler<RentalConfirmed>
{
    public async Task HandleAsync(RentalConfirmed message, MessageContext context, CancellationToken cancellationToken)
    {
        foreach (var item in message.Items)
        {
            for (var copy = 0; copy < item.Quantity; copy++)
            {
                var id = await ids.NextAsync(cancellationToken);
                db.Set<Rental>().Add(new Rental
                {
                    Id = id,
                    RentedAt = message.ConfirmedAt,
                    Day = DateOnly.FromDateTime(message.ConfirmedAt.UtcDateTime),
                    GameId = item.GameId,
                    CustomerId = message.CustomerId,
                });
                db.Set<CounterRental>().Add(new CounterRental { RentalId = id, OrderId = message.RentalId });
            }
        }
    }
}
