namespace Tellal.Messaging.Transport.Streams;

/// <summary>What one transport in use holds for its queues: queue depths where queues are queues, topics where they are logs.</summary>
public sealed record TransportStreams(string Transport, IReadOnlyList<QueueDepth> Queues, IReadOnlyList<TopicStream> Topics);

/// <param name="Waiting">Messages not yet handed to a consumer.</param>
/// <param name="InFlight">Messages handed to a consumer and not yet settled; null where the transport does not say (RabbitMQ).</param>
/// <param name="OldestWaitingSince">
/// Since when the oldest waiting message could be delivered; null when none waits or the transport does not say (Local
/// and Redis say; RabbitMQ says through its management API when that is configured, for the message at the queue's head,
/// as of the last sample).
/// </param>
public sealed record QueueDepth(string Queue, long Waiting, long? InFlight, DateTimeOffset? OldestWaitingSince = null);

public sealed record TopicStream(string Topic, string Queue, string Group, IReadOnlyList<PartitionStream> Partitions);

/// <param name="Leader">The broker id that leads the partition.</param>
/// <param name="Committed">The queue's consumer group's committed offset (the next record it will read); null before its first commit.</param>
/// <param name="Lag">Records after the committed offset (after the low watermark when there is none): not yet settled by the group.</param>
/// <param name="OldestWaitingSince">
/// When the record at the committed offset was sent, as of the last sample (the group's lag in time); null without lag
/// or before the first sample.
/// </param>
public sealed record PartitionStream(int Partition, int Leader, long LowWatermark, long HighWatermark, long? Committed, long Lag,
    DateTimeOffset? OldestWaitingSince = null);

/// <summary>Implemented by a transport that can describe what waits in its queues, for the admin streams view.</summary>
public interface IStreamInspection
{
    Task<TransportStreams> DescribeAsync(IReadOnlyList<Registration.QueueDefinition> queues, CancellationToken cancellationToken);
}
