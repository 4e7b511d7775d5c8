using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Notifications.Recipients;

internal sealed class UserRegisteredHandler(TellalDbContext db) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken cancellationToken)
    {
        var recipient = await db.Set<Recipient>().FirstOrDefaultAsync(r => r.UserId == message.UserId, cancellationToken);
        if (recipient is null)
        {
            recipient = new Recipient { UserId = message.UserId };
            db.Set<Recipient>().Add(recipient);
        }

        recipient.UserName = message.UserName;
        recipient.Email = message.Email;
        recipient.Roles = string.Join(',', message.Roles);
    }
}
