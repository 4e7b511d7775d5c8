using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;

namespace Tellal.Messaging.Transport;

/// <summary>
/// Moves envelopes between nodes. Deliberately small: send a batch durably, and consume a queue delivering
/// batches to the dispatcher. Retries, dead letters and duplicate suppression live above it (in the database),
/// so every transport behaves the same and passes one conformance suite.
/// </summary>
public interface ITransport
{
    string Name { get; }

    /// <summary>Declares queues and bindings. Idempotent; called before the relay and consumers start.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Completes only when every message is durably stored by the transport (committed, confirmed).</summary>
    Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);

    /// <summary>Runs <paramref name="concurrency"/> consumers of the queue until cancelled.</summary>
    Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken);

    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}

/// <summary>A message leaving the outbox: to one queue, or (no destination) to every queue subscribed to its type.</summary>
public sealed record OutgoingMessage(Envelope Envelope, string? Destination);

/// <param name="DeliveryCount">Deliveries of this message so far, this one included.</param>
/// <param name="CountedByTransport">
/// False when the transport only knows a first delivery (1) from a later one (2), as RabbitMQ's classic queues: the
/// dispatcher then counts later deliveries itself, in the database, so <c>MaxDeliveries</c> holds on every transport.
/// </param>
public sealed record IncomingMessage(Envelope Envelope, string Queue, int DeliveryCount, bool CountedByTransport = true)
{
    /// <summary>
    /// Set (with <c>CountedByTransport = false</c> and a count of 1) when the transport cannot tell whether this message was
    /// handed out before: Kafka after a partition moved to this consumer. The dispatcher then counts this delivery in the
    /// database starting from the given count, so a first delivery stays the first and a consumer that dies on it is seen.
    /// </summary>
    public bool MaybeDeliveredBefore { get; init; }

    public bool NeedsCounting => !CountedByTransport && (DeliveryCount > 1 || MaybeDeliveredBefore);

    /// <summary>Set by a transport whose queue is a table of the system database: see <see cref="QueueReceipt"/>.</summary>
    internal QueueReceipt? Receipt { get; init; }
}

/// <summary>
/// Lets the dispatcher remove a delivered message from a queue table in the very transaction that records it handled, so
/// settling it costs no transaction of its own. The transport settles only what was not <see cref="Settled"/> that way.
/// Unlike the consumer's own settle the removal does not check the lease: if another consumer took the row over meanwhile,
/// the inbox row committed with it makes that delivery a duplicate, and a row already gone fails the unit of work, whose
/// messages then settle one by one.
/// </summary>
internal sealed class QueueReceipt(long seq)
{
    public long Seq => seq;

    public bool Settled { get; private set; }

    public void Committed() => Settled = true;
}

public enum Settlement
{
    /// <summary>Done with: handled, a retry was scheduled, or it was dead-lettered. Remove it from the queue.</summary>
    Complete,

    /// <summary>Not handled (shutdown, database unavailable): deliver it again later.</summary>
    Release,
}

/// <summary>Handles a batch and says, message by message, how the transport should settle it.</summary>
public delegate Task<IReadOnlyList<Settlement>> MessageBatchHandler(IReadOnlyList<IncomingMessage> batch, CancellationToken cancellationToken);
