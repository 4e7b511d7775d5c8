using Microsoft.AspNetCore.SignalR;
using Tellal.Chat.Messages;

namespace Tellal.Chat.Live;

/// <summary>
/// Pushes a stored message to the members' connections. Addressed by user, not by a SignalR group per room: the
/// members are read from the database at each post, so a member added or removed by an admin gets (or stops getting)
/// messages at once, without any connection joining or leaving a group. With Redis configured, SignalR's Redis
/// backplane publishes each user's copy on that user's Redis channel (PUBLISH/SUBSCRIBE): every web node subscribes to
/// the users it holds connections of and delivers it. Without Redis it stays in the process.
/// </summary>
internal sealed class ChatDelivery(IHubContext<ChatHub> hub)
{
    public Task SendAsync(IEnumerable<Guid> members, ChatMessageResponse message, CancellationToken cancellationToken) =>
        hub.Clients.Users(members.Select(id => id.ToString()).ToList()).SendAsync(ChatHub.ChatMethod, message, cancellationToken);
}
