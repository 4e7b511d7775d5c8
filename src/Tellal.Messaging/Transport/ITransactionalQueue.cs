using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Storage;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Transport;

/// <summary>
/// A transport whose queue is a table of the system database (the Local transport). A message due now is written into
/// that table in the publisher's own transaction: the queue row is as durable as an outbox row would be, so copying one
/// into the other would only cost a relay round.
/// </summary>
internal interface ITransactionalQueue
{
    /// <summary>Adds the rows that deliver <paramref name="envelope"/> to its queues (one per queue) to <paramref name="db"/>.</summary>
    IReadOnlyList<StoredEnvelope> Add(TellalDbContext db, Envelope envelope, string? destination, long now);

    /// <summary>Rows for these queues have committed: wake their consumers.</summary>
    void Committed(IReadOnlyCollection<string> queues);
}
