using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Tellal.Messaging.Kafka;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Roles;

namespace Tellal.Messaging.Tests.Transport;

/// <summary>
/// Topic creation on a fresh cluster: the test cluster (three brokers) gets a queue's topics from the transport itself, no
/// operator first. The mock refuses CreateTopics, so this takes the transport's fallback (the topics are asked for by name
/// and the cluster creates them); its own partition count is 4, the transport's default, which is why the test states
/// that count: other counts need a cluster that answers CreateTopics (the transport logs the difference otherwise).
/// </summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaTopologyTests
{
    private const string Queue = "rentals.topology";

    [Fact]
    public async Task A_fresh_queue_gets_its_topics_with_the_stated_partitions_and_three_replicas_on_three_brokers()
    {
        var options = new KafkaOptions { Prefix = KafkaCluster.NewPrefix(), Partitions = KafkaCluster.Partitions };
        var topology = Topology(options);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = KafkaCluster.BootstrapServers }).Build();
        Assert.Equal(KafkaCluster.Brokers, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count);

        await topology.DeclareAsync(admin, NullLogger.Instance, CancellationToken.None);
        // A second node starting finds them there and leaves them as they are.
        await topology.DeclareAsync(admin, NullLogger.Instance, CancellationToken.None);

        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        int replicas = options.ReplicasOn(KafkaCluster.Brokers);
        Assert.Equal(3, replicas);
        foreach (var name in topology.Topics(Queue))
        {
            var topic = Assert.Single(metadata.Topics, t => t.Topic == name);
            Assert.Equal(ErrorCode.NoError, topic.Error.Code);
            Assert.Equal(options.Partitions, topic.Partitions.Count);
            Assert.All(topic.Partitions, partition => Assert.Equal(replicas, partition.Replicas.Length));
        }
    }

    private static KafkaTopology Topology(KafkaOptions options)
    {
        var registry = new MessageRegistry();
        registry.AddQueue(new QueueDefinition(Queue, TellalRole.Worker));
        TransportRegistration[] transports = [new("local", typeof(object), Primary: true), new(KafkaOptions.TransportName, typeof(object), Primary: false)];
        var routes = new QueueRoutes(registry, transports, Microsoft.Extensions.Options.Options.Create(new MessagingOptions()));
        return new KafkaTopology(options, registry, routes);
    }
}
