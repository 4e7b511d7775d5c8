using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// Reserves every item of an order or none. Each item is one conditional UPDATE (<see cref="StockChanges.TryReserveAsync"/>)
/// whose affected row count decides, so consumers on any number of nodes can never take more copies than exist. The
/// queue runs its handlers inside the commit's transaction (<see cref="QueueDefinition.HandlersInTransaction"/>), so
/// reservations, outcome and inbox row commit together.
/// </summary>
internal sealed class RentalRequestedHandler(TellalDbContext db, IMessagePublisher publisher, TimeProvider time) : IMessageHandler<RentalRequested>
{
    public async Task HandleAsync(RentalRequested message, MessageContext context, CancellationToken cancellationToken)
    {
        // Always in game order: two orders locking the same games lock them in the same order, so they cannot deadlock.
        var items = message.Items.OrderBy(i => i.GameId).ToList();
        var taken = new List<RentalItem>();
        foreach (var item in items)
        {
            if (await StockChanges.TryReserveAsync(db, item, cancellationToken) == 0)
            {
                // Other messages of the batch share this transaction: give back what this order took rather than roll back theirs.
                foreach (var reserved in taken)
                {
                    await StockChanges.ReleaseAsync(db, reserved, cancellationToken);
                }

                await RejectAsync(message, item, cancellationToken);
                return;
            }

            taken.Add(item);
        }

        var now = time.GetUtcNow();
        db.Set<Reservation>().AddRange(items.Select(i => new Reservation { RentalId = message.RentalId, GameId = i.GameId, Quantity = i.Quantity, ReservedAt = now }));
        publisher.Publish(new RentalConfirmed(message.RentalId, message.CustomerId, message.Items, now), StockChanges.KeyedBy(items));
    }

    private async Task RejectAsync(RentalRequested message, RentalItem shortItem, CancellationToken cancellationToken)
    {
        var stock = await db.Set<GameStock>().AsNoTracking().FirstOrDefaultAsync(s => s.GameId == shortItem.GameId, cancellationToken);
        var reason = stock is null
            ? string.Create(CultureInfo.InvariantCulture, $"Game {shortItem.GameId} is not in stock.")
            : string.Create(CultureInfo.InvariantCulture, $"Not enough copies of \"{stock.Title}\": {stock.Available} available, {shortItem.Quantity} asked.");
        publisher.Publish(new RentalRejected(message.RentalId, shortItem.GameId, reason, time.GetUtcNow()), StockChanges.KeyedBy(message.Items));
    }
}
