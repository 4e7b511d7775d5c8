using Tellal.Messaging.Kafka;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Distributed mode on Kafka: PostgreSQL for state, outbox and inbox; librdkafka's mock cluster (three brokers, in this
/// process) between the nodes. Each test gets its own topic and group names. The mock cannot create topics on request,
/// so the test creates them as an operator would before the nodes start.
/// </summary>
public sealed class KafkaTransportTests : TransportConformanceTests
{
    private const int Partitions = 4;
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..20];

    public KafkaTransportTests()
    {
        foreach (var topic in KafkaTopology.TopicsOf(_prefix, TestModel.Queue))
        {
            KafkaMockCluster.CreateTopic(topic, Partitions);
        }
    }

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:kafka"] = KafkaMockCluster.BootstrapServers,
        ["Tellal:Messaging:Kafka:Prefix"] = _prefix,
        ["Tellal:Messaging:Kafka:Partitions"] = $"{Partitions}",
    };
}
