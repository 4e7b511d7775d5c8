using System.Globalization;
using Tellal.Contracts.Inventory;
using Tellal.Contracts.Rentals;
using Tellal.Inventory.Stock;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Inventory.Reservations;

/// <summary>
/// Reserves every item of an order or none, for all the orders of a dispatcher batch at once: one statement reads and
/// locks the stock rows of every game the batch names (<see cref="StockChanges.LockAsync"/>), the orders are decided in
/// their delivery order against those counts, and one statement takes the copies of all the confirmed ones
/// (<see cref="StockChanges.TryReserveAsync"/>), whose conditional update is still what decides: if the counts moved
/// anyway, it changes nothing and throws, the batch rolls back and its messages are handled one by one. Two round trips
/// per batch instead of one per item of every order: under a burst those statements were most of the worker's time.
/// The queue runs its handlers inside the commit's transaction (<see cref="QueueDefinition.HandlersInTransaction"/>),
/// so locks, reservations, outcomes, the <see cref="StockChanged"/> news (one per game per batch) and inbox rows commit
/// together. The dispatcher calls batch handlers after the
/// batch's other handlers, so a return in the same batch gives its copies back before these orders are decided.
/// </summary>
internal sealed class RentalRequestedHandler(TellalDbContext db, IMessagePublisher publisher, TimeProvider time) : IBatchMessageHandler<RentalRequested>
{
    public async Task HandleAsync(IReadOnlyList<RentalRequested> messages, CancellationToken cancellationToken)
    {
        var stock = await StockChanges.LockAsync(db, messages.SelectMany(m => m.Items).Select(i => i.GameId), cancellationToken);
        var available = stock.ToDictionary(s => s.Key, s => s.Value.Available);
        var taken = new Dictionary<long, int>();
        var now = time.GetUtcNow();
        foreach (var message in messages)
        {
            var needs = message.Items.GroupBy(i => i.GameId).Select(g => new RentalItem(g.Key, g.Sum(i => i.Quantity))).ToList();
            if (needs.FirstOrDefault(n => !available.TryGetValue(n.GameId, out var left) || left < n.Quantity) is { } shortItem)
            {
                Reject(message, shortItem, stock.GetValueOrDefault(shortItem.GameId), available.GetValueOrDefault(shortItem.GameId));
                continue;
            }

            foreach (var need in needs)
            {
                available[need.GameId] -= need.Quantity;
                taken[need.GameId] = taken.GetValueOrDefault(need.GameId) + need.Quantity;
            }

            db.Set<Reservation>().AddRange(message.Items.Select(i => new Reservation { RentalId = message.RentalId, GameId = i.GameId, Quantity = i.Quantity, ReservedAt = now }));
            publisher.Publish(new RentalConfirmed(message.RentalId, message.CustomerId, message.Items, now), StockChanges.KeyedBy(message.Items));
        }

        foreach (var change in await StockChanges.TryReserveAsync(db, taken, now, cancellationToken))
        {
            StockChanges.Announce(publisher, change);
        }
    }

    private void Reject(RentalRequested message, RentalItem shortItem, GameStock? stock, int available)
    {
        var reason = stock is null
            ? string.Create(CultureInfo.InvariantCulture, $"Game {shortItem.GameId} is not in stock.")
            : string.Create(CultureInfo.InvariantCulture, $"Not enough copies of \"{stock.Title}\": {available} available, {shortItem.Quantity} asked.");
        publisher.Publish(new RentalRejected(message.RentalId, shortItem.GameId, reason, time.GetUtcNow()), StockChanges.KeyedBy(message.Items));
    }
}
