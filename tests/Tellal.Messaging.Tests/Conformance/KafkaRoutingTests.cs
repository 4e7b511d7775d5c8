using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport.Streams;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Kafka beside the primary transport (Local or RabbitMQ, PostgreSQL for state): by the default rule a <c>rentals.*</c>
/// queue travels over Kafka, every other queue stays where it was. One message type is handled on both queues, so each
/// publish is split between the transports: the hardest case for the Local transport's fast path, which writes queue rows
/// in the publisher's transaction. The nodes create their topics themselves, as on a fresh cluster (the mock, refusing
/// CreateTopics, creates them when asked for by name).
/// </summary>
public abstract class KafkaRoutingTests : NodeTests
{
    private const string RentalsQueue = "rentals.effects";
    private const int Messages = 50;
    private readonly string _prefix = KafkaCluster.NewPrefix();

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>Settings that select the primary transport.</summary>
    protected abstract IReadOnlyDictionary<string, string?> PrimarySettings { get; }

    /// <summary>The primary transport's name, and the rows the Local queue table holds while nothing consumes.</summary>
    protected abstract (string Primary, long LocalRows) Expected { get; }

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix).Concat(PrimarySettings)) { ["Test:AlsoQueue"] = RentalsQueue };

    [Fact]
    public async Task A_rentals_queue_travels_over_Kafka_and_another_over_the_primary_transport_each_exactly_once()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        for (var transaction = 0; transaction < 5; transaction++)
        {
            await PublishAsync(publisher, Enumerable.Range(0, Messages / 5).Select(i => new RecordEffect($"t{transaction}-{i}")));
        }

        // Nothing consumes yet: each queue's copies wait on its own transport, and only there (no Kafka queue's copy in the
        // Local queue table, none of the primary's in a topic).
        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_outbox") == 0, "every copy is sent");
        Assert.Equal(Expected.LocalRows, await Database.ScalarAsync<long>($"SELECT COUNT(*) FROM msg_local_queue WHERE queue = '{TestModel.Queue}'"));
        Assert.Equal(Expected.LocalRows, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_local_queue"));
        Assert.Equal(Messages, KafkaCluster.MessagesIn(_prefix, RentalsQueue));
        // The admin streams view says the same: the primary's queue depth, the Kafka group's lag over leaders among the brokers.
        var view = publisher.Services.GetRequiredService<StreamsView>();
        var streams = await view.DescribeAsync(CancellationToken.None);
        Assert.Equal([Expected.Primary, "kafka"], streams.Select(s => s.Transport));
        Assert.Equal(TestModel.Queue, Assert.Single(streams[0].Queues).Queue);
        await Eventually.HoldsAsync(async () => (await view.DescribeAsync(CancellationToken.None))[0].Queues[0].Waiting == Messages,
            "the primary's queue shows every message waiting");
        // The Local queue table also says since when its oldest message waits (the operations view's oldest waiting age).
        var oldest = (await view.DescribeAsync(CancellationToken.None))[0].Queues[0].OldestWaitingSince;
        if (Expected.Primary == "local")
        {
            Assert.InRange(oldest!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));
        }
        else
        {
            Assert.Null(oldest);
        }
        var partitions = streams[1].Topics.SelectMany(t => t.Partitions).ToList();
        Assert.Equal(3 * KafkaCluster.Partitions, partitions.Count);
        Assert.Equal(Messages, partitions.Sum(p => p.Lag));
        Assert.All(partitions, p => Assert.InRange(p.Leader, 1, KafkaCluster.Brokers));

        await StartNodeAsync(("Test:NodeName", "consumer"));

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects") >= 2 * Messages, "both queues handle every message");
        var effects = await Database.RowsAsync("""SELECT "Queue", COUNT(DISTINCT "Key"), COUNT(*) FROM test_effects GROUP BY "Queue" ORDER BY "Queue" """);
        Assert.Equal([(RentalsQueue, Messages, Messages), (TestModel.Queue, Messages, Messages)], effects.Select(row =>
            ((string)row[0]!, Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(row[2], System.Globalization.CultureInfo.InvariantCulture))));
        await Eventually.HoldsAsync(async () => (await view.DescribeAsync(CancellationToken.None))[1].Topics.SelectMany(t => t.Partitions).Sum(p => p.Lag) == 0,
            "the group has committed past every message");
    }

    /// <summary>
    /// Regression of issue 13's gap "a Kafka outage delays the RabbitMQ copies of rental events": the copies for both
    /// transports left in one batch, which waited for Kafka's part; with a few such batches waiting, the sender took nothing
    /// else until the relay's hand-off lease ran out. The lease is made long here, so only the sender can deliver in time.
    /// </summary>
    [Fact]
    public async Task While_every_Kafka_broker_is_down_the_primary_transports_copies_still_arrive()
    {
        const int transactions = 10;
        var node = await StartNodeAsync(("Tellal:Messaging:Relay:HandoffLease", "00:30:00"));
        await PublishAsync(node, [new RecordEffect("before")]);
        await Eventually.HoldsAsync(async () => await EffectsAsync(RentalsQueue) == 1, "Kafka's copy arrives while the cluster is up");
        var brokers = Enumerable.Range(1, KafkaCluster.Brokers).ToList();
        foreach (var broker in brokers)
        {
            await KafkaCluster.SetBrokerAsync(broker, up: false);
        }

        try
        {
            // One transaction at a time, each its own batch: more batches than the sender has in flight per transport.
            for (var transaction = 0; transaction < transactions; transaction++)
            {
                await PublishAsync(node, Enumerable.Range(0, Messages / transactions).Select(i => new RecordEffect($"down-{transaction}-{i}")));
            }

            await Eventually.HoldsAsync(async () => await EffectsAsync(TestModel.Queue) == Messages + 1, "the primary's copies arrive while Kafka is down");
        }
        finally
        {
            foreach (var broker in brokers)
            {
                await KafkaCluster.SetBrokerAsync(broker, up: true);
            }
        }

        await Eventually.HoldsAsync(async () => await EffectsAsync(RentalsQueue) == Messages + 1, "Kafka's copies arrive once it is back");
        Assert.Equal(Messages + 1, await EffectsAsync(TestModel.Queue));
    }

    private Task<long> EffectsAsync(string queue) =>
        Database.ScalarAsync<long>($"SELECT COUNT(*) FROM test_effects WHERE \"Queue\" = '{queue}'");
}

/// <summary>Kafka beside the Local transport: the Local copies are rows of the queue table, written with the publisher's state.</summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaBesideLocalTests : KafkaRoutingTests
{
    protected override IReadOnlyDictionary<string, string?> PrimarySettings => new Dictionary<string, string?>();

    protected override (string Primary, long LocalRows) Expected => ("local", 50);
}

/// <summary>Kafka beside RabbitMQ: nothing goes through the Local queue table.</summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaBesideRabbitMqTests : KafkaRoutingTests
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..20];

    protected override IReadOnlyDictionary<string, string?> PrimarySettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:rabbitmq"] = TestEnvironment.RabbitMq,
        ["Tellal:Messaging:RabbitMq:Prefix"] = _prefix,
    };

    protected override (string Primary, long LocalRows) Expected => ("rabbitmq", 0);
}
