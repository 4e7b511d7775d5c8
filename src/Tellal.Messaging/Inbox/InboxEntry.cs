namespace Tellal.Messaging.Inbox;

/// <summary>Proof that a queue's handler committed the effect of a message; a redelivery finds it and stops.</summary>
public sealed class InboxEntry
{
    public string Consumer { get; set; } = "";
    public Guid MessageId { get; set; }
    public long HandledAt { get; set; }
}
