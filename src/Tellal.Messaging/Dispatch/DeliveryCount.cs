namespace Tellal.Messaging.Dispatch;

/// <summary>
/// How often one attempt of a message reached this queue's consumers, kept for transports that cannot count
/// (RabbitMQ's classic queues only say "delivered before"). A row exists only while a redelivered message is
/// unsettled, so the first delivery of every message costs nothing.
/// </summary>
public sealed class DeliveryCount
{
    public string Queue { get; set; } = "";
    public Guid MessageId { get; set; }
    public int Attempt { get; set; }
    public int Deliveries { get; set; }
    public long DeliveredAt { get; set; }
}
