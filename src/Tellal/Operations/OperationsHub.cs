using Microsoft.AspNetCore.SignalR;

namespace Tellal.Operations;

/// <summary>
/// <c>/hubs/operations</c> (admins only): the server calls <c>operations</c> with a fresh <see cref="OperationsSnapshot"/>
/// every couple of seconds while someone watches, and at once when they connect. Clients only listen.
/// </summary>
public sealed class OperationsHub(OperationsAudience audience) : Hub
{
    public const string Path = "/hubs/operations";
    public const string SnapshotMethod = "operations";

    public override Task OnConnectedAsync()
    {
        audience.Join(Context.ConnectionId);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        audience.Leave(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }
}
