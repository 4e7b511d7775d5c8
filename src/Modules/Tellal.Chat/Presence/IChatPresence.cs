namespace Tellal.Chat.Presence;

/// <summary>Who has a chat connection open right now, on any web node.</summary>
public interface IChatPresence
{
    /// <summary>Counts the connection; the change it made (the user's first connection: online), or null.</summary>
    Task<PresenceChange?> ConnectedAsync(Guid userId, string connectionId);

    /// <summary>Forgets the connection; the change it made (the user's last connection: offline), or null.</summary>
    Task<PresenceChange?> DisconnectedAsync(Guid userId, string connectionId);

    /// <summary>Those of <paramref name="userIds"/> with at least one live connection.</summary>
    Task<IReadOnlySet<Guid>> OnlineAsync(IReadOnlyCollection<Guid> userIds, CancellationToken cancellationToken);
}

/// <summary>
/// A user went online or offline. <see cref="Version"/> grows with every change, whichever node made it (Redis's clock,
/// or the process's counter without Redis): two changes of one user may reach a page in either order (a reload's
/// disconnect and connect run side by side), and the page keeps the newer.
/// </summary>
public sealed record PresenceChange(Guid UserId, bool Online, long Version);
