using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// Adds an outgoing envelope to the caller's unit of work, so it commits with the state change it belongs to (publishing,
/// retries and replays all come through here). Where it goes depends on when it is due and on the transport:
/// <list type="bullet">
/// <item>due now, on a transport whose queue is a table of this database (Local): straight into that queue, in the same
/// transaction, so it needs neither an outbox row nor a relay round;</item>
/// <item>due now, otherwise: an outbox row reserved for this node's <see cref="CommittedMessageSender"/>, which sends it
/// the moment the transaction commits;</item>
/// <item>due later (timers, delayed retries), or when this process sends nothing itself (CLI): an outbox row the relay
/// picks up when it is due.</item>
/// </list>
/// A type whose queues travel over different transports (see <see cref="RoutingTransport"/>) gets one row per queue.
/// </summary>
internal sealed class OutboxWriter(ITransport transport, MessageRegistry registry, CommittedMessageSender sender, PendingMessages pending, TimeProvider time)
{
    public void Add(TellalDbContext db, Envelope envelope, string? destination, DateTimeOffset dueAt)
    {
        var carrier = transport.CarrierOf(envelope.Type, destination);
        if (carrier is null)
        {
            // One row per queue gives each row one transport: a Kafka queue's copy never lands in the Local queue table, nor
            // a Local queue's copy on Kafka.
            foreach (var subscriber in registry.Route(envelope.Type))
            {
                Add(db, envelope, subscriber, dueAt);
            }

            return;
        }

        var now = time.GetUtcNow();
        if (dueAt <= now && carrier is ITransactionalQueue queue)
        {
            foreach (var row in queue.Rows(envelope, destination, now.ToUnixTimeMilliseconds()))
            {
                pending.AddQueued(db, row);
            }

            return;
        }

        var message = new OutboxMessage { Destination = destination, DueAt = dueAt.ToUnixTimeMilliseconds() };
        message.CopyFrom(envelope);
        if (dueAt <= now)
        {
            sender.TryReserve(message, now);
        }

        pending.AddOutbox(db, message);
    }
}
