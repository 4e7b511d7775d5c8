using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Distributed mode on Kafka: PostgreSQL for state, outbox and inbox; librdkafka's mock cluster (three brokers, its own
/// process) between the nodes, the test queue routed to it. Each test gets its own topic and group names.
/// </summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaTransportTests : TransportConformanceTests
{
    private readonly string _prefix = KafkaCluster.NewPrefix();

    public KafkaTransportTests() => KafkaCluster.CreateTopics(_prefix, TestModel.Queue);

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix)) { [$"Tellal:Messaging:Routing:Queues:{TestModel.Queue}"] = "kafka" };
}
