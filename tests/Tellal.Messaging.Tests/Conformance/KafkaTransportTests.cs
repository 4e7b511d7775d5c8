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
    /// <summary>
    /// Tests that read completion from one consumer's order ("the sentinel is done, so both copies were"): Kafka keeps order
    /// only within a partition, so their queue gets one. The others get several, which the group splits between nodes.
    /// </summary>
    private static readonly HashSet<string> InOrderTests = [nameof(A_message_delivered_twice_has_one_effect)];

    private readonly string _prefix = KafkaCluster.NewPrefix();
    private readonly int _partitions = InOrderTests.Contains(TestContext.Current.TestMethod?.MethodName ?? "") ? 1 : KafkaCluster.Partitions;

    public KafkaTransportTests() => KafkaCluster.CreateTopics(_prefix, TestModel.Queue, _partitions);

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix, _partitions)) { [$"Tellal:Messaging:Routing:Queues:{TestModel.Queue}"] = "kafka" };
}
