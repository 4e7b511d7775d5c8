using Tellal.Messaging.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>A message committed with the state change that produced it, waiting for the relay.</summary>
public sealed class OutboxMessage : StoredEnvelope
{
    public long Seq { get; set; }

    /// <summary>A single queue (retries, replays); null routes by type to every subscribed queue.</summary>
    public string? Destination { get; set; }

    /// <summary>Not relayed before this time: delayed retries and timers wait here, whatever the transport.</summary>
    public long DueAt { get; set; }

    public long LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }
}
