using System.Runtime.InteropServices;
using Confluent.Kafka;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// librdkafka's mock cluster, in this test process: brokers that speak the Kafka protocol on loopback ports, so child
/// test nodes reach it too while this process lives. Created through the native library Confluent.Kafka itself loaded
/// (it picks one of several builds, depending on what the machine's libraries allow; loading another copy would give
/// a second, unrelated librdkafka). It keeps everything in memory: for tests only.
/// </summary>
public static unsafe class KafkaMockCluster
{
    private const int Brokers = 3;
    private static readonly Lazy<Native> Cluster = new(Start);

    /// <summary>The bootstrap servers of the one cluster all tests of this process share (each test uses its own prefix).</summary>
    public static string BootstrapServers => Cluster.Value.BootstrapServers;

    public static void CreateTopic(string topic, int partitions)
    {
        var native = Cluster.Value;
        var name = Marshal.StringToCoTaskMemUTF8(topic);
        try
        {
            var error = native.CreateTopic(native.Cluster, name, partitions, 1);
            if (error != 0)
            {
                throw new InvalidOperationException($"The mock cluster could not create topic '{topic}': error {error}.");
            }
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    private static Native Start()
    {
        _ = Library.Version; // makes Confluent.Kafka load its librdkafka
        var library = NativeLibrary.Load(LoadedLibrdkafkaPath());
        var confNew = (delegate* unmanaged<nint>)NativeLibrary.GetExport(library, "rd_kafka_conf_new");
        var kafkaNew = (delegate* unmanaged<int, nint, byte*, nuint, nint>)NativeLibrary.GetExport(library, "rd_kafka_new");
        var clusterNew = (delegate* unmanaged<nint, int, nint>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_new");
        var bootstraps = (delegate* unmanaged<nint, nint>)NativeLibrary.GetExport(library, "rd_kafka_mock_cluster_bootstraps");

        // The cluster belongs to a client handle (a producer that never produces) and lives as long as it: the whole run.
        var errors = stackalloc byte[512];
        var client = kafkaNew(1 /* RD_KAFKA_PRODUCER */, confNew(), errors, 512);
        if (client == 0)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Marshal.PtrToStringUTF8((nint)errors)}");
        }

        var cluster = clusterNew(client, Brokers);
        if (cluster == 0)
        {
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }

        return new Native(cluster, Marshal.PtrToStringUTF8(bootstraps(cluster))!,
            (delegate* unmanaged<nint, nint, int, int, int>)NativeLibrary.GetExport(library, "rd_kafka_mock_topic_create"));
    }

    /// <summary>The librdkafka file this process has mapped, i.e. the one Confluent.Kafka chose.</summary>
    private static string LoadedLibrdkafkaPath() =>
        File.ReadLines("/proc/self/maps").Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length >= 6 && fields[5].EndsWith("librdkafka.so", StringComparison.Ordinal))
            .Select(fields => fields[5]).FirstOrDefault()
        ?? throw new InvalidOperationException("Confluent.Kafka has not loaded a librdkafka.so.");

    private sealed class Native(nint cluster, string bootstrapServers, delegate* unmanaged<nint, nint, int, int, int> createTopic)
    {
        public nint Cluster { get; } = cluster;

        public string BootstrapServers { get; } = bootstrapServers;

        public delegate* unmanaged<nint, nint, int, int, int> CreateTopic { get; } = createTopic;
    }
}
