using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

/// <summary>The body of POST /api/chat/rooms/{id}/read: the newest message the member has seen.</summary>
public sealed record MarkReadRequest(long? LastMessageId);

/// <summary>Moves the member's read mark forward (never back: a late request from another tab changes nothing).</summary>
internal static class MarkReadEndpoint
{
    public static void Map(RouteGroupBuilder chat) => chat.MapPost("/rooms/{id:guid}/read", HandleAsync).WithName("MarkChatRoomRead");

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, MarkReadRequest request, ClaimsPrincipal user, TellalDbContext db, CancellationToken ct)
    {
        if (request.LastMessageId is not ({ } upTo and >= 0))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["lastMessageId"] = ["Required: the id of the newest message seen."] });
        }

        var me = user.GetUserId();
        if (await RoomAccess.CheckMemberAsync(db, id, me, ct) is { } refused)
        {
            return refused;
        }

        await db.Set<Membership>().Where(m => m.RoomId == id && m.UserId == me && m.LastReadMessageId < upTo)
            .ExecuteUpdateAsync(set => set.SetProperty(m => m.LastReadMessageId, upTo), ct);
        return TypedResults.NoContent();
    }
}
