using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Registration;

/// <summary>
/// Handles one message type on one queue. The handler changes state through the scoped TellalDbContext and
/// publishes through <see cref="Outbox.IMessagePublisher"/>, but does not save: the dispatcher commits the
/// handler's changes, its outgoing messages and the inbox entry in one transaction, so the effect happens once.
/// </summary>
public interface IMessageHandler<in TMessage>
    where TMessage : class
{
    Task HandleAsync(TMessage message, MessageContext context, CancellationToken cancellationToken);
}

public sealed record MessageContext(Envelope Envelope, string Queue, int DeliveryCount);
