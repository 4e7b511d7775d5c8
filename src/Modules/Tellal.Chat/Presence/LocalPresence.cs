namespace Tellal.Chat.Presence;

/// <summary>One web node (the embedded default): the node's own connections are everyone's.</summary>
internal sealed class LocalPresence : IChatPresence
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Guid> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, int> _perUser = [];
    private long _version;

    public Task<PresenceChange?> ConnectedAsync(Guid userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.TryAdd(connectionId, userId))
            {
                return Task.FromResult<PresenceChange?>(null);
            }

            var count = _perUser[userId] = _perUser.GetValueOrDefault(userId) + 1;
            return Task.FromResult(count == 1 ? new PresenceChange(userId, true, ++_version) : null);
        }
    }

    public Task<PresenceChange?> DisconnectedAsync(Guid userId, string connectionId)
    {
        lock (_lock)
        {
            if (!_connections.Remove(connectionId))
            {
                return Task.FromResult<PresenceChange?>(null);
            }

            if (--_perUser[userId] > 0)
            {
                return Task.FromResult<PresenceChange?>(null);
            }

            _perUser.Remove(userId);
            return Task.FromResult<PresenceChange?>(new PresenceChange(userId, false, ++_version));
        }
    }

    public Task<IReadOnlySet<Guid>> OnlineAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlySet<Guid>>(userIds.Where(_perUser.ContainsKey).ToHashSet());
        }
    }
}
