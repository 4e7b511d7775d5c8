using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tellal.Chat.Presence;
using Tellal.Chat.Staff;
using Tellal.Platform.Storage;

namespace Tellal.Chat.Live;

/// <summary>The <c>presence</c> event: a staff member went online or offline.</summary>
public sealed record PresenceEvent(string UserName, bool Online, long Version);

/// <summary>
/// Pushes presence changes to every chat connection, on every web node: through SignalR's Redis backplane (the Redis
/// pub/sub channel the chat messages take) when Redis is configured, in the process otherwise. Everyone rather than the
/// rooms' members: any staff member may open a direct conversation with any other and see them online there, so this
/// tells no one more, and it spares a membership query per connection. Best effort: the presence keys stay the truth,
/// which a page reads again when it (re)connects.
/// </summary>
public sealed class PresenceBroadcast(IHubContext<ChatHub> hub, IServiceScopeFactory scopes, ILogger<PresenceBroadcast> logger)
{
    /// <summary><paramref name="userName"/> when the caller knows it (the hub); otherwise it is read from the staff copy.</summary>
    public async Task SendAsync(PresenceChange change, string? userName, CancellationToken cancellationToken)
    {
        try
        {
            userName ??= await NameAsync(change.UserId, cancellationToken);
            if (userName is not null)
            {
                await hub.Clients.All.SendAsync(ChatHub.PresenceMethod, new PresenceEvent(userName, change.Online, change.Version), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Presence change of {UserId} not pushed", change.UserId);
        }
    }

    private async Task<string?> NameAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        return await db.Set<StaffMember>().Where(s => s.UserId == userId).Select(s => s.UserName).FirstOrDefaultAsync(cancellationToken);
    }
}
