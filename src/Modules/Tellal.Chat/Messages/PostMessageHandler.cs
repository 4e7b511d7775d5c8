using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Tellal.Chat.Live;
using Tellal.Chat.Rooms;
using Tellal.Chat.Staff;
using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Messages;

/// <summary>
/// Stores a message and its mentions' notifications in one transaction, then pushes it to the room's members. The
/// database is the truth: a push that fails (or a node that dies before it) loses nothing, clients catch up by id.
/// </summary>
internal sealed class PostMessageHandler(TellalDbContext db, IMessagePublisher publisher, ChatDelivery delivery, TimeProvider time, ILogger<PostMessageHandler> logger)
{
    public async Task<(ChatMessageResponse? Message, ProblemHttpResult? Refused)> PostAsync(Guid roomId, ClaimsPrincipal user, string text, CancellationToken ct)
    {
        var authorId = user.GetUserId();
        // Two reads before the write, each a round trip the message waits for: the room, then its members with their names.
        var room = await db.Set<Room>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, ct);
        if (room is null)
        {
            return (null, ChatProblems.RoomNotFound());
        }

        var members = await db.Set<Membership>().Where(m => m.RoomId == roomId)
            .GroupJoin(db.Set<StaffMember>(), m => m.UserId, s => s.UserId, (m, staff) => new { m.UserId, staff })
            .SelectMany(m => m.staff.DefaultIfEmpty(), (m, s) => new RoomMember(m.UserId, s == null ? null : s.UserName))
            .ToListAsync(ct);
        if (!members.Any(m => m.UserId == authorId))
        {
            return (null, ChatProblems.NotAMember());
        }

        var message = new ChatMessage { RoomId = roomId, AuthorId = authorId, AuthorName = user.GetUserName(), Text = text, SentAt = time.GetUtcNow() };
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            // First the room's row: its lock makes posts to one room commit in id order (see Room.LastMessageAt).
            await db.Set<Room>().Where(r => r.Id == roomId).ExecuteUpdateAsync(set => set.SetProperty(r => r.LastMessageAt, message.SentAt), ct);
            db.Set<ChatMessage>().Add(message);
            foreach (var mentioned in Mentions.In(text, members, authorId))
            {
                publisher.Publish(new NotificationRequested(mentioned, null, NotificationKinds.ChatMention,
                    room.Kind == RoomKind.Channel ? $"{message.AuthorName} mentioned you in #{room.Name}" : $"{message.AuthorName} mentioned you",
                    Mentions.Preview(text), $"/chat?room={roomId}", null, Email: false));
            }

            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var posted = ChatMessageResponse.From(message);
        try
        {
            await delivery.SendAsync(members.Select(m => m.UserId), posted, ct);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Stored is what counts; members see it at their next catch-up.
            logger.LogWarning(exception, "Chat message {Id} stored but not pushed", message.Id);
        }

        return (posted, null);
    }
}

internal sealed record RoomMember(Guid UserId, string? UserName);
