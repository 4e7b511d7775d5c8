using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Transport.Local;

namespace Tellal.Messaging.Transport;

/// <summary>
/// A transport whose queue is a table of the system database (the Local transport). A message due now is written into
/// that table in the publisher's own transaction: the queue row is as durable as an outbox row would be, so copying one
/// into the other would only cost a relay round.
/// </summary>
internal interface ITransactionalQueue
{
    /// <summary>The rows that deliver <paramref name="envelope"/> to its queues, one per queue, for the caller's unit of work to write.</summary>
    IReadOnlyList<LocalQueueMessage> Rows(Envelope envelope, string? destination, long now);

    /// <summary>Rows for these queues have committed: wake their consumers.</summary>
    void Committed(IReadOnlyCollection<string> queues);
}
