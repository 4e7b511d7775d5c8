using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace KafkaMock;

/// <summary>
/// librdkafka's mock cluster: brokers that speak the Kafka protocol on loopback ports, keeping everything in memory. Created
/// through the native library Confluent.Kafka itself loaded (it picks one of several builds, depending on what the machine's
/// libraries allow; loading another copy would give a second, unrelated librdkafka).
/// </summary>
internal sealed unsafe class MockCluster
{
    private readonly nint _cluster;
    private readonly delegate* unmanaged<nint, nint, int, int, int> _topicCreate;
    private readonly delegate* unmanaged<nint, int, int> _brokerSetDown;
    private readonly delegate* unmanaged<nint, int, int> _brokerSetUp;
    private readonly delegate* unmanaged<nint, nint, int, int, int> _partitionSetLeader;

    private MockCluster(nint library, nint cluster, string bootstrapServers, int brokers)
    {
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
        _topicCreate = (delegate* unmanaged<nint, nint, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
        _brokerSetDown = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_broker_set_down");
        _brokerSetUp = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_broker_set_up");
        _partitionSetLeader = (delegate* unmanaged<nint, nint, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_partition_set_leader");
    }

    public string BootstrapServers { get; }

    /// <summary>Broker ids run from 1 to this.</summary>
    public int Brokers { get; }

    public static MockCluster Start(int brokers)
    {
        _ = Library.Version; // makes Confluent.Kafka load its librdkafka
        var library = NativeLibrary.Load(LoadedLibrdkafkaPath());
        var confNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "rd_kafka_conf_new");
        var kafkaNew = (delegate* unmanaged<int, nint, byte*, nuint, nint>)NativeLibrary.GetExport(library, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<nint, int, nint>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_new");
        var bootstraps = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_bootstraps");
        var setController = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_set_controller_id");

        // The cluster belongs to a client handle (a producer that never produces) and lives as long as it: the whole process.
        var errors = stackalloc byte[512];
        var client = kafkaNew(0 /* RD_KAFKA_PRODUCER */, confNew(), errors, 512);
        if (client == 0)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)errors)}");
        }

        var cluster = clusterNew(client, brokers);
        if (cluster == 0)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        // Without a controller, admin requests (CreateTopics) wait for one until they time out, instead of being refused at once.
        setController(cluster, 1);
        return new MockCluster(library, cluster, Marshal.PtrToStringUTF8(bootstraps(cluster))!, brokers);
    }

    /// <summary>Creates a topic; a librdkafka error code (0 = done, 36 = it exists).</summary>
    public int CreateTopic(string topic, int partitions, int replicationFactor) =>
        WithName(topic, name => _topicCreate(_cluster, name, partitions, replicationFactor));

    /// <summary>
    /// Makes a broker the leader of a partition, as an election would after a failover or a preferred-leader rebalance;
    /// clients learn it from the old leader's <c>NOT_LEADER_OR_FOLLOWER</c> answers and the metadata they fetch then. The
    /// partition's log and its idempotent producers' sequences belong to the partition, not the broker, so nothing is lost.
    /// A librdkafka error code (0 = done). The mock creates a topic it does not know (see <see cref="PartitionsOf"/>).
    /// </summary>
    public int SetLeader(string topic, int partition, int brokerId) =>
        WithName(topic, name => _partitionSetLeader(_cluster, name, partition, brokerId));

    /// <summary>
    /// Takes a broker down (its connections are closed and refused) or brings it back. The mock moves no leadership by
    /// itself: partitions the broker leads wait for it, as a real cluster's would without an election.
    /// </summary>
    public int SetBroker(int brokerId, bool up) => up ? _brokerSetUp(_cluster, brokerId) : _brokerSetDown(_cluster, brokerId);

    /// <summary>
    /// The topic's partition count, or null when the cluster has no such topic. From a metadata request for every topic:
    /// one naming the topic could make the mock create it.
    /// </summary>
    public int? PartitionsOf(string topic)
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
            .SingleOrDefault(t => t.Topic == topic && t.Error.Code == ErrorCode.NoError)?.Partitions.Count;
    }

    private static int WithName(string topic, Func<nint, int> call)
    {
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            return call(name);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>The librdkafka file this process has mapped, i.e. the one Confluent.Kafka chose.</summary>
    private static string LoadedLibrdkafkaPath() =>
        File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5]).FirstOrDefault()
        ?? throw new InvalidOperationException("Confluent.Kafka has not loaded a librdkafka.so.");
}
