using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Staff;

internal static class StaffDirectory
{
    /// <summary>
    /// Adds the signed-in user to the copy when missing: users registered before this module existed were never
    /// announced to it, and using the chat is proof enough that they are staff.
    /// </summary>
    public static async Task EnsureAsync(TellalDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var id = user.GetUserId();
        if (await db.Set<StaffMember>().AnyAsync(s => s.UserId == id, ct))
        {
            return;
        }

        var name = user.GetUserName();
        db.Set<StaffMember>().Add(new StaffMember { UserId = id, UserName = name, NormalizedName = StaffMember.Normalize(name) });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The announcement arrived at the same moment: it wrote the same row.
            db.ChangeTracker.Clear();
        }
    }
}
