namespace Tellal.Chat.Presence;

/// <summary>Who has a chat connection open right now, on any web node.</summary>
public interface IChatPresence
{
    Task ConnectedAsync(Guid userId, string connectionId);

    Task DisconnectedAsync(Guid userId, string connectionId);

    /// <summary>Those of <paramref name="userIds"/> with at least one live connection.</summary>
    Task<IReadOnlySet<Guid>> OnlineAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);
}
