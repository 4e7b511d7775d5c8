using Confluent.Kafka;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport.Streams;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// The streams view of the Kafka transport: each queue's topics with their partitions' leaders and watermarks, and the
/// queue's consumer group's committed offsets and lag. A consumer with the group's id reads the committed offsets without
/// subscribing, so it never joins the group nor moves a partition.
/// </summary>
internal static class KafkaStreams
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static TransportStreams Describe(IProducer<string, byte[]> producer, string bootstrapServers, KafkaTopology topology, IReadOnlyList<QueueDefinition> queues)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        var metadata = admin.GetMetadata(Timeout).Topics.Where(t => t.Error.Code == ErrorCode.NoError).ToDictionary(t => t.Topic, StringComparer.Ordinal);
        var topics = new List<TopicStream>();
        foreach (var queue in queues)
        {
            var group = topology.Group(queue.Name);
            using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
            {
                BootstrapServers = bootstrapServers,
                GroupId = group,
                EnableAutoCommit = false,
            }).Build();
            foreach (var topic in topology.Topics(queue.Name).Where(metadata.ContainsKey))
            {
                var partitions = metadata[topic].Partitions.OrderBy(p => p.PartitionId).ToList();
                var committed = reader.Committed(partitions.Select(p => new TopicPartition(topic, p.PartitionId)), Timeout)
                    .ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
                topics.Add(new TopicStream(topic, queue.Name, group, [.. partitions.Select(partition =>
                {
                    var watermarks = reader.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), Timeout);
                    long? offset = committed.TryGetValue(partition.PartitionId, out var value) && value >= 0 ? value : null;
                    return new PartitionStream(partition.PartitionId, partition.Leader, watermarks.Low.Value, watermarks.High.Value, offset,
                        watermarks.High.Value - (offset ?? watermarks.Low.Value));
                })]));
            }
        }

        return new TransportStreams(KafkaOptions.TransportName, [], topics);
    }
}
