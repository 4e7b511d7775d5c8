using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Rentals;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Counter;

/// <summary>Records the return on the order's warehouse rows.</summary>
internal sealed class RentalReturnedHandler(TellalDbContext db) : IMessageHandler<RentalReturned>
{
    public async Task HandleAsync(RentalReturned message, MessageContext context, CancellationToken cancellationToken)
    {
        var rows = await db.Set<CounterRental>().Where(r => r.OrderId == message.RentalId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            // Returned means confirmed first; its confirmation is still on its way (another queue consumer): try again later.
            throw new InvalidOperationException($"Rental {message.RentalId} is not in the warehouse yet.");
        }

        foreach (var row in rows)
        {
            row.ReturnedAt = message.ReturnedAt;
        }
    }
}
