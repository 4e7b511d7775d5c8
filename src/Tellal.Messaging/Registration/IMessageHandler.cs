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

/// <summary>
/// Implemented by a handler whose message must leave a visible trace when it fails for good: called in the same
/// transaction that stores the dead letter (e.g. a report is marked Failed and its owner told), so no request is
/// left waiting forever. Replaying the dead letter runs the handler again, so the trace must be undoable:
/// <see cref="OnReplayAsync"/> runs in the replay's transaction and puts the state back where the handler will
/// act on the replayed message (e.g. the report is Queued again).
/// </summary>
public interface IFinalFailureHandler<in TMessage>
    where TMessage : class
{
    Task OnFinalFailureAsync(TMessage message, MessageContext context, string reason, CancellationToken cancellationToken);

    Task OnReplayAsync(TMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// Handles every message of this type in a dispatcher batch with one call, for handlers whose cost is per call rather
/// than per message (one bulk load for many requests). It runs in the batch's unit of work like any handler, so its
/// effects commit with the inbox rows of all the messages it was given. When a batch fails and its messages are
/// handled one by one, it is called with one message at a time.
/// </summary>
public interface IBatchMessageHandler<in TMessage>
    where TMessage : class
{
    Task HandleAsync(IReadOnlyList<TMessage> messages, CancellationToken cancellationToken);
}
