using Tellal.Messaging.Storage;

namespace Tellal.Messaging.Transport.Local;

/// <summary>A message in the Local transport's durable queue table.</summary>
public sealed class LocalQueueMessage : StoredEnvelope
{
    public long Seq { get; set; }
    public string Queue { get; set; } = "";
    public long VisibleAt { get; set; }
    public long LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }
    public int DeliveryCount { get; set; }
}
