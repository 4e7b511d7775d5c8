using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Rooms;

/// <summary>The body of POST /api/chat/rooms: a channel's name, '#' optional.</summary>
public sealed record CreateChannelRequest(string? Name);

/// <summary>An admin opens a company-wide channel; she is its first member and adds the others.</summary>
internal static class CreateChannelEndpoint
{
    public static void Map(RouteGroupBuilder admin) => admin.MapPost("/rooms", HandleAsync).WithName("CreateChatChannel");

    private static async Task<Results<Created<RoomResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        CreateChannelRequest request, ClaimsPrincipal user, TellalDbContext db, TimeProvider time, CancellationToken ct)
    {
        if (ChannelName.Parse(request.Name) is not { } name)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["name"] = [ChannelName.Rule] }, title: "The channel is not valid.");
        }

        var me = user.GetUserId();
        var now = time.GetUtcNow();
        var room = new Room { Id = Guid.CreateVersion7(), Kind = RoomKind.Channel, Name = name, CreatedAt = now };
        db.Set<Room>().Add(room);
        db.Set<Membership>().Add(new Membership { RoomId = room.Id, UserId = me, JoinedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.Set<Room>().AnyAsync(r => r.Name == name, ct))
            {
                throw;
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The channel exists", detail: $"There is already a channel #{name}.");
        }

        return TypedResults.Created($"/api/chat/rooms/{room.Id}", new RoomResponse(room.Id, "channel", $"#{name}", 0, null, null));
    }
}
