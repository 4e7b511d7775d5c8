using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Chat.Rooms;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Messages;

/// <summary>
/// A room's history. <c>before</c> pages back (the page just older than that id, newest last); <c>after</c> is how a
/// client that was disconnected catches up (the messages after the newest it saw, oldest first). Without either, the
/// newest page. <c>hasMore</c> says whether another page lies in the same direction.
/// </summary>
internal static class ReadMessagesEndpoint
{
    public static void Map(RouteGroupBuilder chat) =>
        chat.MapGet("/rooms/{id:guid}/messages", HandleAsync).WithName("ListChatMessages");

    private static async Task<Results<Ok<ChatMessagePage>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, long? before, long? after, int? limit, ClaimsPrincipal user, TellalDbContext db, IOptions<ChatOptions> options, CancellationToken ct)
    {
        var chat = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (limit is { } wanted && (wanted < 1 || wanted > chat.MaxPageSize))
        {
            errors["limit"] = [$"From 1 to {chat.MaxPageSize}."];
        }

        if (before is not null && after is not null)
        {
            errors["before"] = ["Give before or after, not both."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The page asked for is not valid.");
        }

        if (await RoomAccess.CheckMemberAsync(db, id, user.GetUserId(), ct) is { } refused)
        {
            return refused;
        }

        var size = limit ?? chat.PageSize;
        var messages = db.Set<ChatMessage>().AsNoTracking().Where(m => m.RoomId == id);
        List<ChatMessage> page;
        if (after is { } newestSeen)
        {
            page = await messages.Where(m => m.Id > newestSeen).OrderBy(m => m.Id).Take(size + 1).ToListAsync(ct);
        }
        else
        {
            if (before is { } oldestSeen)
            {
                messages = messages.Where(m => m.Id < oldestSeen);
            }

            page = await messages.OrderByDescending(m => m.Id).Take(size + 1).ToListAsync(ct);
            page.Reverse();
        }

        var hasMore = page.Count > size;
        if (hasMore)
        {
            // The extra row only told that there is more; it belongs to the next page in the same direction.
            page.RemoveAt(after is null ? 0 : page.Count - 1);
        }

        return TypedResults.Ok(new ChatMessagePage(page.Select(ChatMessageResponse.From).ToList(), hasMore));
    }
}
