using Tellal.Messaging.Kafka;

namespace Tellal.Messaging.Tests.Transport;

public sealed class KafkaOptionsTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 3)]
    [InlineData(5, 3)]
    public void An_unset_replication_factor_follows_the_cluster_up_to_three(int brokers, short replicas) =>
        Assert.Equal(replicas, new KafkaOptions().ReplicasOn(brokers));

    [Fact]
    public void A_configured_replication_factor_wins_over_the_cluster() =>
        Assert.Equal(2, new KafkaOptions { ReplicationFactor = 2 }.ReplicasOn(brokers: 5));
}
