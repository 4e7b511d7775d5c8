using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tellal.Chat.Presence;
using Tellal.Platform.Security;

namespace Tellal.Chat.Live;

/// <summary>
/// <c>/hubs/chat</c>: the server calls <c>chat</c> with every message posted in a room the user is a member of, on
/// every open tab, and <c>presence</c> when a staff member goes online or offline. Clients only listen (they post over
/// the API); an open connection is what makes a user online.
/// </summary>
[Authorize]
public sealed class ChatHub(IChatPresence presence, PresenceBroadcast broadcast) : Hub
{
    public const string Path = "/hubs/chat";
    public const string ChatMethod = "chat";
    public const string PresenceMethod = "presence";

    public override async Task OnConnectedAsync()
    {
        if (await presence.ConnectedAsync(Context.User!.GetUserId(), Context.ConnectionId) is { } change)
        {
            await broadcast.SendAsync(change, Context.User!.GetUserName(), Context.ConnectionAborted);
        }

        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        if (await presence.DisconnectedAsync(Context.User!.GetUserId(), Context.ConnectionId) is { } change)
        {
            // Not the connection's token: it is already cancelled, and the others still want to know.
            await broadcast.SendAsync(change, Context.User!.GetUserName(), CancellationToken.None);
        }

        await base.OnDisconnectedAsync(exception);
    }
}
