using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport.Streams;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Kafka beside the primary transport (Local on PostgreSQL): by the default rule a <c>rentals.*</c> queue travels over Kafka,
/// every other queue stays where it was. One message type is handled on both queues, so each publish is split between the
/// transports: the hardest case for the Local transport's fast path, which writes queue rows in the publisher's transaction.
/// The nodes create their topics themselves, as on a fresh cluster (the mock, refusing CreateTopics, creates them when asked
/// for by name).
/// </summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaRoutingTests : NodeTests
{
    private const string RentalsQueue = "rentals.effects";
    private readonly string _prefix = KafkaCluster.NewPrefix();

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix)) { ["Test:AlsoQueue"] = RentalsQueue };

    [Fact]
    public async Task A_rentals_queue_travels_over_Kafka_and_another_over_the_primary_transport_each_exactly_once()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        for (var transaction = 0; transaction < 5; transaction++)
        {
            await PublishAsync(publisher, Enumerable.Range(0, 10).Select(i => new RecordEffect($"t{transaction}-{i}")));
        }

        // Nothing consumes yet: each queue's copies wait on its own transport, and only there.
        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_outbox") == 0, "the Kafka copies are sent");
        var queued = await Database.RowsAsync("SELECT queue, COUNT(*) FROM msg_local_queue GROUP BY queue");
        Assert.Equal([(TestModel.Queue, 50L)], queued.Select(row => ((string)row[0]!, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Equal(50, KafkaCluster.MessagesIn(_prefix, RentalsQueue));
        // The admin streams view shows the same: the Local queue's depth, the Kafka group's lag over leaders among the brokers.
        var view = publisher.Services.GetRequiredService<StreamsView>();
        var streams = await view.DescribeAsync(CancellationToken.None);
        Assert.Equal(["local", "kafka"], streams.Select(s => s.Transport));
        Assert.Equal([new QueueDepth(TestModel.Queue, 50, 0)], streams[0].Queues);
        var partitions = streams[1].Topics.Where(t => t.Queue == RentalsQueue).SelectMany(t => t.Partitions).ToList();
        Assert.Equal(3 * KafkaCluster.Partitions, partitions.Count);
        Assert.Equal(50, partitions.Sum(p => p.Lag));
        Assert.All(partitions, p => Assert.InRange(p.Leader, 1, KafkaCluster.Brokers));

        await StartNodeAsync(("Test:NodeName", "consumer"));

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects") >= 100, "both queues handle all 50");
        var effects = await Database.RowsAsync("""SELECT "Queue", COUNT(DISTINCT "Key"), COUNT(*) FROM test_effects GROUP BY "Queue" ORDER BY "Queue" """);
        Assert.Equal([(RentalsQueue, 50L, 50L), (TestModel.Queue, 50L, 50L)], effects.Select(row =>
            ((string)row[0]!, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt64(row[2], System.Globalization.CultureInfo.InvariantCulture))));
        await Eventually.HoldsAsync(async () => (await view.DescribeAsync(CancellationToken.None))[1].Topics.SelectMany(t => t.Partitions).Sum(p => p.Lag) == 0,
            "the group has committed past every message");
    }
}
