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

    private MockCluster(nint library, nint cluster, string bootstrapServers, int brokers)
    {
        _cluster = cluster;
        BootstrapServers = bootstrapServers;
        Brokers = brokers;
        _topicCreate = (delegate* unmanaged<nint, nint, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create");
        _brokerSetDown = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_broker_set_down");
        _brokerSetUp = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_broker_set_up");
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
    public int CreateTopic(string topic, int partitions, int replicationFactor)
    {
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            return _topicCreate(_cluster, name, partitions, replicationFactor);
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>
    /// Takes a broker down (its connections are closed and refused) or brings it back. The mock moves no leadership by
    /// itself: partitions the broker leads wait for it, as a real cluster's would without an election.
    /// </summary>
    public int SetBroker(int brokerId, bool up) => up ? _brokerSetUp(_cluster, brokerId) : _brokerSetDown(_cluster, brokerId);

    /// <summary>The librdkafka file this process has mapped, i.e. the one Confluent.Kafka chose.</summary>
    private static string LoadedLibrdkafkaPath() =>
        File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5]).FirstOrDefault()
        ?? throw new InvalidOperationException("Confluent.Kafka has not loaded a librdkafka.so.");
}
