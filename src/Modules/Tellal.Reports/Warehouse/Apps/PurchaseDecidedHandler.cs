using Tellal.Contracts.Telemetry;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Apps;

/// <summary>A decided purchase joins the warehouse once: the store's verdict is final, so a redelivery adds nothing.</summary>
internal sealed class PurchaseDecidedHandler(TellalDbContext db) : IMessageHandler<PurchaseDecided>
{
    public async Task HandleAsync(PurchaseDecided message, MessageContext context, CancellationToken cancellationToken)
    {
        if (await db.Set<AppPurchase>().FindAsync([message.EventId], cancellationToken) is not null)
        {
            return;
        }

        db.Add(new AppPurchase
        {
            EventId = message.EventId,
            App = message.App,
            GameId = message.GameId,
            OccurredAt = message.OccurredAt,
            Verified = message.Verified,
            ProductId = message.ProductId,
            PriceMicros = message.PriceMicros,
            Currency = message.Currency,
            DecidedAt = message.DecidedAt,
        });
    }
}
