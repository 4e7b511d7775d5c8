using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Notifications.Inbox;

/// <summary>
/// Removes the withdrawn notifications from every inbox (and so from the unread counts), in the handling's own
/// transaction. It travels on the same queue as the request that created them, normally after it; should a retried
/// request come later still, its entries stay and link to the report, which shows that it was cancelled.
/// </summary>
internal sealed class NotificationsWithdrawnHandler(TellalDbContext db) : IMessageHandler<NotificationsWithdrawn>
{
    public async Task HandleAsync(NotificationsWithdrawn message, MessageContext context, CancellationToken cancellationToken)
    {
        var withdrawn = await db.Set<Notification>()
            .Where(n => n.ReportId == message.ReportId && n.Kind == message.Kind)
            .ToListAsync(cancellationToken);
        db.Set<Notification>().RemoveRange(withdrawn);
    }
}
