using Tellal.Platform.Roles;

namespace Tellal.Messaging.Registration;

/// <summary>
/// A durable queue and the role whose nodes consume it. Every node that runs the role competes for its messages.
/// Defaults here can be overridden per queue in <c>Tellal:Messaging:Queues:{name}</c>.
/// </summary>
public sealed record QueueDefinition(string Name, TellalRole Role)
{
    /// <summary>Consumer loops per node.</summary>
    public int Concurrency { get; init; } = 2;

    /// <summary>Messages handled in one database transaction: large for small messages, 1 for long jobs.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>A handler running longer than this fails with a timeout and is retried.</summary>
    public TimeSpan HandlerTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs the batch's handlers inside the transaction that commits their changes and inbox rows, so what they execute
    /// directly (a conditional UPDATE whose affected rows decide, a row lock) commits or rolls back with the rest.
    /// Off by default: most handlers only change tracked entities, and an open transaction holds locks for longer.
    /// </summary>
    public bool HandlersInTransaction { get; init; }
}
