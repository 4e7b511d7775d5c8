using Microsoft.Extensions.Hosting;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Kafka only: what a cluster does to a stream that the other transports have no counterpart for. A publisher commits a
/// stream of messages while the drill happens, and every message must end up handled exactly once.
/// </summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaDrillTests : NodeTests
{
    private const int PerTransaction = 10;
    private readonly string _prefix = KafkaCluster.NewPrefix();

    public KafkaDrillTests() => KafkaCluster.CreateTopics(_prefix, TestModel.Queue);

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix)) { [$"Tellal:Messaging:Routing:Queues:{TestModel.Queue}"] = "kafka" };

    [Fact]
    public async Task A_broker_taken_down_mid_stream_loses_nothing_and_doubles_no_effect()
    {
        const int broker = 2;
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await StartNodeAsync(("Test:NodeName", "a"));
        await StartNodeAsync(("Test:NodeName", "b"));
        using var stop = new CancellationTokenSource();
        var stream = PublishStreamAsync(publisher, stop.Token);

        await HandledAtLeastAsync(50);
        await KafkaCluster.SetBrokerAsync(broker, up: false);
        try
        {
            // The partitions it leads (a third, replicas on all three) wait for it, as the mock elects no other leader:
            // producers and consumers keep retrying, and the group's coordinator may be the broker that is gone.
            await Task.Delay(TimeSpan.FromSeconds(5));
        }
        finally
        {
            await KafkaCluster.SetBrokerAsync(broker, up: true);
        }

        await stop.CancelAsync();
        await AllHandledOnceAsync(await stream);
    }

    [Fact]
    public async Task Partition_leaders_moved_mid_stream_lose_nothing_and_double_no_effect()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await StartNodeAsync(("Test:NodeName", "a"));
        await StartNodeAsync(("Test:NodeName", "b"));
        using var stop = new CancellationTokenSource();
        var stream = PublishStreamAsync(publisher, stop.Token);

        await HandledAtLeastAsync(50);
        // Every partition of the queue's topics gets the next broker as its leader: the producer and the consumers learn it
        // from the old leaders' refusals and follow it, while the group and its committed offsets stay as they were.
        var moved = KafkaCluster.Leaders(_prefix, TestModel.Queue)
            .Select(p => p with { Leader = p.Leader % KafkaCluster.Brokers + 1 }).ToList();
        foreach (var (topic, partition, leader) in moved)
        {
            await KafkaCluster.SetLeaderAsync(topic, partition, leader);
        }

        Assert.Equal(moved, KafkaCluster.Leaders(_prefix, TestModel.Queue));
        // The stream keeps flowing through the new leaders before it stops.
        await HandledAtLeastAsync(await HandledAsync() + 50);
        await stop.CancelAsync();
        await AllHandledOnceAsync(await stream);
    }

    [Fact]
    public async Task Nodes_joining_and_leaving_the_group_mid_stream_double_no_effect()
    {
        // One consumer per node: three members for four partitions, so every member gets some.
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await StartNodeAsync(("Test:NodeName", "stayer"), ("Test:Concurrency", "1"));
        using var stop = new CancellationTokenSource();
        var stream = PublishStreamAsync(publisher, stop.Token);

        await HandledAtLeastAsync(50);
        var joiner = await StartNodeAsync(("Test:NodeName", "joiner"), ("Test:Concurrency", "1"));
        await using var crasher = ChildNode.Start(NodeSettings(("Test:NodeName", "crasher"), ("Test:Concurrency", "1")));
        await HandledByAsync("joiner");
        await HandledByAsync("crasher");

        // One leaves cleanly (its partitions move at once), one by dying (they move after the session timeout, and what it
        // handled without committing the offset comes again).
        await joiner.StopAsync();
        await crasher.KillAsync();
        await stop.CancelAsync();
        await AllHandledOnceAsync(await stream);
    }

    /// <summary>
    /// Commits a transaction of messages every 100 ms until told to stop, then a few more, so messages keep coming while
    /// the drill happens and after it. Returns how many it published.
    /// </summary>
    private static async Task<int> PublishStreamAsync(IHost publisher, CancellationToken stop)
    {
        var transactions = 0;
        var afterStop = 0;
        while (afterStop < 5)
        {
            afterStop += stop.IsCancellationRequested ? 1 : 0;
            var transaction = transactions++;
            await PublishAsync(publisher, Enumerable.Range(0, PerTransaction).Select(i => new RecordEffect($"t{transaction}-{i}")));
            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }

        return transactions * PerTransaction;
    }

    private Task<long> HandledAsync() => Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects");

    /// <summary>The node has partitions: the group took it in.</summary>
    private Task HandledByAsync(string node) => Eventually.HoldsAsync(
        async () => await Database.ScalarAsync<long>($"""SELECT COUNT(*) FROM test_effects WHERE "Node" = '{node}'""") > 0, $"{node} handles messages");

    private Task HandledAtLeastAsync(long count) => Eventually.HoldsAsync(async () => await HandledAsync() >= count, $"{count} messages are handled");

    private async Task AllHandledOnceAsync(int published)
    {
        await HandledAtLeastAsync(published);
        var effects = await Database.EffectCountsAsync();
        Assert.Equal(published, effects.Count);
        Assert.All(effects, effect => Assert.Equal(1, effect.Value));
    }
}
