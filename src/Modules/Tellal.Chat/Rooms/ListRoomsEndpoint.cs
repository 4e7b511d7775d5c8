using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Chat.Messages;
using Tellal.Chat.Staff;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

/// <summary>
/// A room as its member sees it: a channel by its '#name', a direct conversation by the other person's name; unread
/// counts the others' messages after the member's last read one. <c>lastMessageId</c> is what a reconnecting client
/// compares with the newest it has, to fetch only the rooms it missed something in.
/// </summary>
public sealed record RoomResponse(Guid Id, string Kind, string Name, int Unread, long? LastMessageId, DateTimeOffset? LastMessageAt);

internal static class ListRoomsEndpoint
{
    public static void Map(RouteGroupBuilder chat) => chat.MapGet("/rooms", HandleAsync).WithName("ListChatRooms");

    /// <summary>The caller's rooms: channels by name, then direct conversations, the latest first.</summary>
    private static async Task<Ok<List<RoomResponse>>> HandleAsync(ClaimsPrincipal user, TellalDbContext db, CancellationToken ct)
    {
        var me = user.GetUserId();
        await StaffDirectory.EnsureAsync(db, user, ct);
        var rooms = await ListAsync(db, me, null, ct);
        return TypedResults.Ok(rooms.OrderBy(r => r.Kind).ThenBy(r => r.Kind == "channel" ? r.Name : "")
            .ThenByDescending(r => r.LastMessageAt ?? DateTimeOffset.MinValue).ToList());
    }

    /// <summary>The caller's rooms, or the one room <paramref name="only"/> when given.</summary>
    public static async Task<List<RoomResponse>> ListAsync(TellalDbContext db, Guid me, Guid? only, CancellationToken ct)
    {
        var memberships = db.Set<Membership>().Where(m => m.UserId == me);
        if (only is { } roomId)
        {
            memberships = memberships.Where(m => m.RoomId == roomId);
        }

        var messages = db.Set<ChatMessage>();
        var rows = await memberships
            .Join(db.Set<Room>(), m => m.RoomId, r => r.Id, (m, r) => new
            {
                r.Id,
                r.Kind,
                r.Name,
                r.LastMessageAt,
                Unread = messages.Count(x => x.RoomId == r.Id && x.Id > m.LastReadMessageId && x.AuthorId != me),
                LastMessageId = messages.Where(x => x.RoomId == r.Id).Max(x => (long?)x.Id),
                Peer = r.Kind == RoomKind.Direct
                    ? db.Set<StaffMember>().Where(s => s.UserId != me && db.Set<Membership>().Any(o => o.RoomId == r.Id && o.UserId == s.UserId))
                        .Select(s => s.UserName).FirstOrDefault()
                    : null,
            })
            .AsNoTracking()
            .ToListAsync(ct);
        return rows.Select(r => new RoomResponse(r.Id, r.Kind == RoomKind.Channel ? "channel" : "direct",
            r.Kind == RoomKind.Channel ? $"#{r.Name}" : r.Peer ?? "(unknown)", r.Unread, r.LastMessageId, r.LastMessageAt)).ToList();
    }
}
