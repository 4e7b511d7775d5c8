using Confluent.Kafka;
using Tellal.Messaging.Kafka;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// The test Kafka cluster: librdkafka's mock cluster (three brokers) in its own process, started by eng/services.sh
/// (eng/tools/KafkaMock), driven through its control API. It keeps everything in memory: for tests only. Each test uses
/// topics and groups of its own (a prefix); the tests that use the cluster share one collection, so a drill that takes a
/// broker down never runs beside another test.
/// </summary>
public static class KafkaCluster
{
    public const string Collection = "kafka-cluster";
    public const int Brokers = 3;
    public const int Partitions = 4;

    private static readonly HttpClient Control = new() { BaseAddress = new Uri(TestEnvironment.KafkaControl) };

    public static string BootstrapServers => TestEnvironment.Kafka;

    /// <summary>A topic prefix no other test uses.</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..20];

    /// <summary>Settings of a node on this cluster with this prefix (the routing rules are the test's to add).</summary>
    public static Dictionary<string, string?> Settings(string prefix, int partitions = Partitions) => new()
    {
        ["ConnectionStrings:kafka"] = BootstrapServers,
        ["Tellal:Messaging:Kafka:Prefix"] = prefix,
        ["Tellal:Messaging:Kafka:Partitions"] = $"{partitions}",
    };

    /// <summary>
    /// Creates the queues' topics as an operator would before the nodes start, with the partitions and replicas the settings
    /// state: the mock answers no CreateTopics request (and would pick its own counts when asked for a missing topic).
    /// </summary>
    public static void CreateTopics(string prefix, string queue, int partitions = Partitions)
    {
        foreach (var topic in KafkaTopology.TopicsOf(prefix, queue))
        {
            using var response = Control.PutAsync($"topics/{Uri.EscapeDataString(topic)}?partitions={partitions}&replication-factor={Brokers}", null)
                .GetAwaiter().GetResult();
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>Messages the queue's topics hold (their high watermarks added up): what was produced to them.</summary>
    public static long MessagesIn(string prefix, string queue)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = $"{prefix}.inspect" }).Build();
        return KafkaTopology.TopicsOf(prefix, queue)
            .SelectMany(topic => Enumerable.Range(0, Partitions).Select(partition => new TopicPartition(topic, partition)))
            .Sum(partition => consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>The leader of each partition of the queue's topics, as the cluster's metadata names it.</summary>
    public static IReadOnlyList<(string Topic, int Partition, int Leader)> Leaders(string prefix, string queue)
    {
        var topics = KafkaTopology.TopicsOf(prefix, queue);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        return [.. admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Where(t => topics.Contains(t.Topic))
            .SelectMany(t => t.Partitions.Select(p => (t.Topic, p.PartitionId, p.Leader)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.PartitionId)];
    }

    /// <summary>Moves a partition's leadership to another broker, as an election after a failover would.</summary>
    public static async Task SetLeaderAsync(string topic, int partition, int brokerId)
    {
        using var response = await Control.PutAsync($"topics/{Uri.EscapeDataString(topic)}/partitions/{partition}/leader/{brokerId}", null);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Takes a broker down (connections closed and refused; the partitions it leads wait for it) or brings it back.</summary>
    public static async Task SetBrokerAsync(int brokerId, bool up)
    {
        using var response = await Control.PutAsync($"brokers/{brokerId}/{(up ? "up" : "down")}", null);
        response.EnsureSuccessStatusCode();
    }
}
