using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Identity;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Staff;

internal sealed class UserRegisteredHandler(TellalDbContext db) : IMessageHandler<UserRegistered>
{
    public async Task HandleAsync(UserRegistered message, MessageContext context, CancellationToken cancellationToken)
    {
        var staff = await db.Set<StaffMember>().FirstOrDefaultAsync(s => s.UserId == message.UserId, cancellationToken);
        if (staff is null)
        {
            staff = new StaffMember { UserId = message.UserId };
            db.Set<StaffMember>().Add(staff);
        }

        staff.UserName = message.UserName;
        staff.NormalizedName = StaffMember.Normalize(message.UserName);
    }
}
