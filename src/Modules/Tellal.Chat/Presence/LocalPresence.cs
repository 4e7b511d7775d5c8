using System.Collections.Concurrent;

namespace Tellal.Chat.Presence;

/// <summary>One web node (the embedded default): the node's own connections are everyone's.</summary>
internal sealed class LocalPresence : IChatPresence
{
    private readonly ConcurrentDictionary<string, Guid> _connections = new(StringComparer.Ordinal);

    public Task ConnectedAsync(Guid userId, string connectionId)
    {
        _connections[connectionId] = userId;
        return Task.CompletedTask;
    }

    public Task DisconnectedAsync(Guid userId, string connectionId)
    {
        _connections.TryRemove(connectionId, out _);
        return Task.CompletedTask;
    }

    public Task<IReadOnlySet<Guid>> OnlineAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        var online = _connections.Values.ToHashSet();
        return Task.FromResult<IReadOnlySet<Guid>>(userIds.Where(online.Contains).ToHashSet());
    }
}
