using Tellal.Contracts.Inventory;
using Tellal.Messaging.Registration;

namespace Tellal.Inventory.Live;

/// <summary>Hands a committed change to this web node's <see cref="StockPusher"/>; nothing to store, so nothing to commit.</summary>
internal sealed class StockChangedHandler(StockNews news) : IMessageHandler<StockChanged>
{
    public Task HandleAsync(StockChanged message, MessageContext context, CancellationToken cancellationToken)
    {
        news.Offer(message);
        return Task.CompletedTask;
    }
}
