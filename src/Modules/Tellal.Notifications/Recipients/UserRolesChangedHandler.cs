using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Notifications.Recipients;

/// <summary>Keeps the recipients' roles current, so a new approver is asked to review and a former one no longer is.</summary>
internal sealed class UserRolesChangedHandler(TellalDbContext db) : IMessageHandler<UserRolesChanged>
{
    public async Task HandleAsync(UserRolesChanged message, MessageContext context, CancellationToken cancellationToken)
    {
        // Both events travel on one queue, but a retried registration may come later: retry until it is here.
        var recipient = await db.Set<Recipient>().FirstOrDefaultAsync(r => r.UserId == message.UserId, cancellationToken)
            ?? throw new InvalidOperationException($"Recipient {message.UserId} is not known yet.");
        recipient.Roles = string.Join(',', message.Roles);
    }
}
