using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Chat.Staff;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

/// <summary>The body of POST /api/chat/direct: who to talk to.</summary>
public sealed record OpenDirectRequest(string? UserName);

/// <summary>
/// Opens the conversation between the caller and another staff member, or returns the one they already have (either of
/// them may have opened it): 201 when new, 200 otherwise.
/// </summary>
internal static class OpenDirectEndpoint
{
    public static void Map(RouteGroupBuilder chat) => chat.MapPost("/direct", HandleAsync).WithName("OpenDirectChat");

    private static async Task<Results<Ok<RoomResponse>, Created<RoomResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        OpenDirectRequest request, ClaimsPrincipal user, TellalDbContext db, TimeProvider time, CancellationToken ct)
    {
        var me = user.GetUserId();
        if (string.IsNullOrWhiteSpace(request.UserName) || StaffMember.Normalize(request.UserName.Trim()) == StaffMember.Normalize(user.GetUserName()))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["userName"] = ["Another staff member's user name."] },
                title: "The conversation is not valid.");
        }

        var normalized = StaffMember.Normalize(request.UserName.Trim());
        var peer = await db.Set<StaffMember>().AsNoTracking().FirstOrDefaultAsync(s => s.NormalizedName == normalized, ct);
        if (peer is null)
        {
            return ChatProblems.UnknownUser(request.UserName.Trim());
        }

        await StaffDirectory.EnsureAsync(db, user, ct);
        var key = Room.DirectKeyOf(me, peer.UserId);
        if (await ExistingAsync(db, me, key, ct) is { } existing)
        {
            return TypedResults.Ok(existing);
        }

        var now = time.GetUtcNow();
        var room = new Room { Id = Guid.CreateVersion7(), Kind = RoomKind.Direct, DirectKey = key, CreatedAt = now };
        db.Set<Room>().Add(room);
        db.Set<Membership>().AddRange(
            new Membership { RoomId = room.Id, UserId = me, JoinedAt = now },
            new Membership { RoomId = room.Id, UserId = peer.UserId, JoinedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The other side opened it at the same instant: theirs is ours.
            db.ChangeTracker.Clear();
            return TypedResults.Ok(await ExistingAsync(db, me, key, ct) ?? throw new InvalidOperationException("A direct conversation lost its room."));
        }

        return TypedResults.Created($"/api/chat/rooms/{room.Id}", new RoomResponse(room.Id, "direct", peer.UserName, 0, null, null));
    }

    private static async Task<RoomResponse?> ExistingAsync(TellalDbContext db, Guid me, string key, CancellationToken ct) =>
        await db.Set<Room>().Where(r => r.DirectKey == key).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(ct) is { } id
            ? (await ListRoomsEndpoint.ListAsync(db, me, id, ct)).Single()
            : null;
}
