using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Tellal.Platform.Http;
using Tellal.Platform.Security;

namespace Tellal.Chat.Messages;

/// <summary>The body of POST /api/chat/rooms/{id}/messages.</summary>
public sealed record PostMessageRequest(string? Text);

internal static class PostMessageEndpoint
{
    public const int MaxBodyBytes = 64 * 1024;

    public static void Map(RouteGroupBuilder chat) =>
        chat.MapPost("/rooms/{id:guid}/messages", HandleAsync)
            .WithName("PostChatMessage")
            .WithMetadata(new RequestSizeLimitAttribute(MaxBodyBytes));

    private static async Task<Results<Created<ChatMessageResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        Guid id, PostMessageRequest request, ClaimsPrincipal user, HttpResponse response, IOptions<ChatOptions> options,
        ChatRateLimiter rateLimiter, PostMessageHandler handler, CancellationToken ct)
    {
        var limit = options.Value.MaxMessageLength;
        var text = request.Text?.Trim() ?? "";
        if (text.Length == 0 || text.Length > limit)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["text"] = [text.Length == 0 ? $"Required: 1 to {limit} characters." : $"At most {limit} characters (this one has {text.Length})."],
            }, title: "The message is not valid.");
        }

        // Before any database work, and only for valid messages: a refused message was never stored, an accepted one is.
        if (!rateLimiter.TryAcquire(user.GetUserId(), out var retryAfter))
        {
            var chat = options.Value;
            return UserRateLimiter.TooManyRequests(response, retryAfter, "Too many messages",
                $"At most {chat.MessagesPerMinute} messages a minute (bursts of {chat.MessageBurst}); this one was not posted, send it again later.");
        }

        var (message, refused) = await handler.PostAsync(id, user, text, ct);
        return message is null ? refused! : TypedResults.Created((string?)null, message);
    }
}

/// <summary>Each user's bucket of chat messages on this node (<see cref="ChatOptions.MessagesPerMinute"/>).</summary>
internal sealed class ChatRateLimiter(IOptions<ChatOptions> options)
    : UserRateLimiter(options.Value.MessagesPerMinute, options.Value.MessageBurst);
