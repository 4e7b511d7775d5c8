using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Tellal.Chat.Presence;
using Tellal.Platform.Security;

namespace Tellal.Chat.Live;

/// <summary>
/// <c>/hubs/chat</c>: the server calls <c>chat</c> with every message posted in a room the user is a member of, on
/// every open tab. Clients only listen (they post over the API); an open connection is what makes a user online.
/// </summary>
[Authorize]
public sealed class ChatHub(IChatPresence presence) : Hub
{
    public const string Path = "/hubs/chat";
    public const string ChatMethod = "chat";

    public override async Task OnConnectedAsync()
    {
        await presence.ConnectedAsync(Context.User!.GetUserId(), Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await presence.DisconnectedAsync(Context.User!.GetUserId(), Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }
}
