using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Chat.Presence;
using Tellal.Chat.Staff;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

public sealed record RoomMemberResponse(string UserName, bool Online);

/// <summary>A room's members with who is online (for its members), and an admin adding and removing a channel's members.</summary>
internal static class MembersEndpoints
{
    public static void MapForMembers(RouteGroupBuilder chat) =>
        chat.MapGet("/rooms/{id:guid}/members", ListAsync).WithName("ListChatMembers");

    public static void MapForAdmins(RouteGroupBuilder admin)
    {
        admin.MapPut("/rooms/{id:guid}/members/{userName}", AddAsync).WithName("AddChatMember");
        admin.MapDelete("/rooms/{id:guid}/members/{userName}", RemoveAsync).WithName("RemoveChatMember");
    }

    private static async Task<Results<Ok<List<RoomMemberResponse>>, ProblemHttpResult>> ListAsync(
        Guid id, ClaimsPrincipal user, TellalDbContext db, IChatPresence presence, CancellationToken ct)
    {
        if (await RoomAccess.CheckMemberAsync(db, id, user.GetUserId(), ct) is { } refused)
        {
            return refused;
        }

        var members = await db.Set<Membership>().Where(m => m.RoomId == id)
            .Join(db.Set<StaffMember>(), m => m.UserId, s => s.UserId, (m, s) => new { s.UserId, s.UserName })
            .AsNoTracking().ToListAsync(ct);
        var online = await presence.OnlineAsync(members.Select(m => m.UserId).ToList(), ct);
        return TypedResults.Ok(members.OrderBy(m => m.UserName, StringComparer.OrdinalIgnoreCase)
            .Select(m => new RoomMemberResponse(m.UserName, online.Contains(m.UserId))).ToList());
    }

    /// <summary>Idempotent: adding a member twice leaves one membership.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> AddAsync(Guid id, string userName, TellalDbContext db, TimeProvider time, CancellationToken ct)
    {
        var (staff, refused) = await FindAsync(db, id, userName, ct);
        if (staff is null)
        {
            return refused!;
        }

        if (!await db.Set<Membership>().AnyAsync(m => m.RoomId == id && m.UserId == staff.UserId, ct))
        {
            // A new member starts with everything already said read: the history is there, the unread count is not a backlog.
            var newest = await db.Set<Messages.ChatMessage>().Where(m => m.RoomId == id).MaxAsync(m => (long?)m.Id, ct) ?? 0;
            db.Set<Membership>().Add(new Membership { RoomId = id, UserId = staff.UserId, LastReadMessageId = newest, JoinedAt = time.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Added by a concurrent request: the same result; anything else is a real failure.
                db.ChangeTracker.Clear();
                if (!await db.Set<Membership>().AnyAsync(m => m.RoomId == id && m.UserId == staff.UserId, ct))
                {
                    throw;
                }
            }
        }

        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(Guid id, string userName, TellalDbContext db, CancellationToken ct)
    {
        var (staff, refused) = await FindAsync(db, id, userName, ct);
        if (staff is null)
        {
            return refused!;
        }

        await db.Set<Membership>().Where(m => m.RoomId == id && m.UserId == staff.UserId).ExecuteDeleteAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The channel and the staff member an admin names; a direct conversation's members never change.</summary>
    private static async Task<(StaffMember? Staff, ProblemHttpResult? Refused)> FindAsync(TellalDbContext db, Guid roomId, string userName, CancellationToken ct)
    {
        var room = await db.Set<Room>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct);
        if (room is null)
        {
            return (null, ChatProblems.RoomNotFound());
        }

        if (room.Kind != RoomKind.Channel)
        {
            return (null, TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "A direct conversation's members do not change",
                detail: "Open a channel for more than two people."));
        }

        var normalized = StaffMember.Normalize(userName);
        var staff = await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.NormalizedName == normalized, ct);
        return staff is null ? (null, ChatProblems.UnknownUser(userName)) : (staff, null);
    }
}
