namespace Tellal.Platform.Hosting.Coordination;

/// <summary>
/// Small news every node of the deployment hears at once: "this user changed, drop what you cached about them".
/// Best effort by design: what travels here is a hint to stop trusting a copy, never the only record of anything,
/// so a node that misses a message (it was cut off, or it started a moment later) is still right within its own
/// re-check interval. After a cut, <see cref="Resynchronize"/> tells subscribers that messages may have been missed,
/// so they drop everything they cached. Durable facts travel as messages through the outbox, not here.
/// </summary>
public interface ICoordinationChannel
{
    /// <summary>Sends <paramref name="message"/> to every node subscribed to <paramref name="topic"/>, this one included.</summary>
    Task PublishAsync(string topic, string message, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="onMessage"/> for each message on <paramref name="topic"/>, from any node, for the life of the process.</summary>
    void Subscribe(string topic, Action<string> onMessage);

    /// <summary>Raised when the channel comes back after a cut: messages sent meanwhile were not heard.</summary>
    event Action? Resynchronize;
}
