using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

internal static class RoomAccess
{
    /// <summary>Null when the user is a member of the room; otherwise 404 (no such room) or 403 (not a member).</summary>
    public static async Task<ProblemHttpResult?> CheckMemberAsync(TellalDbContext db, Guid roomId, Guid userId, CancellationToken cancellationToken)
    {
        if (await db.Set<Membership>().AnyAsync(m => m.RoomId == roomId && m.UserId == userId, cancellationToken))
        {
            return null;
        }

        return await db.Set<Room>().AnyAsync(r => r.Id == roomId, cancellationToken) ? ChatProblems.NotAMember() : ChatProblems.RoomNotFound();
    }
}
