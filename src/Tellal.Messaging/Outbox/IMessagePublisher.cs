using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Publishes within the caller's unit of work: the message is added to the scoped TellalDbContext and leaves only
/// when the caller's SaveChanges commits it with the state change it belongs to.
/// </summary>
public interface IMessagePublisher
{
    Guid Publish<TMessage>(TMessage message, PublishOptions? options = null)
        where TMessage : class;
}

public sealed record PublishOptions
{
    public string? Subject { get; init; }

    public MessagePriority Priority { get; init; } = MessagePriority.Normal;

    /// <summary>Deliver no earlier than this (timers such as report expiry).</summary>
    public DateTimeOffset? NotBefore { get; init; }

    /// <summary>A fixed id makes publishing idempotent across retries of the publishing code.</summary>
    public Guid? MessageId { get; init; }
}
