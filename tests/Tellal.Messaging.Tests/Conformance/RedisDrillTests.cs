using Microsoft.Extensions.Hosting;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Redis only: a consumer process that dies holding entries, and the Redis server itself killed with SIGKILL and restarted
/// (run with <c>appendfsync always</c>, as docs/deploy.md recommends). Every message must end up handled exactly once. The
/// test queue is routed to Redis by a routing rule, the other way to select it.
/// </summary>
[Collection(RedisServer.Collection)]
public sealed class RedisDrillTests : NodeTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(RedisServer.Settings(_prefix)) { [$"Tellal:Messaging:Routing:Queues:{TestModel.Queue}"] = "redis" };

    [Fact]
    public async Task A_consumer_process_killed_holding_messages_loses_them_to_the_others_and_each_is_handled_once()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        for (var attempt = 1; ; attempt++)
        {
            await using var crasher = ChildNode.Start(NodeSettings(("Test:NodeName", "crasher"), ("Test:BatchSize", "5")));
            await crasher.WaitForLineAsync("STARTED");
            if (attempt == 1)
            {
                await PublishAsync(publisher, Enumerable.Range(0, 100).Select(i => new RecordEffect($"m{i}", WorkMilliseconds: 100)));
            }

            // The crasher consumes alone until it holds messages (at least 5 s of work in all), so no faster node can take
            // them all first; the other node starts once it is dead and must claim back what it held.
            await Eventually.HoldsAsync(async () => await HandledByAsync("crasher") > 0 && await HeldAsync("crasher") > 0, "the crasher handles messages and holds more");
            await crasher.KillAsync();
            if (await HeldAsync("crasher") > 0)
            {
                break;
            }

            // Killed between acknowledging a batch and reading the next (seen once, in an acceptance run on a loaded box):
            // nothing to claim back, so no drill; a new crasher takes up the rest.
            Assert.True(attempt < 3, "the crasher died holding messages");
        }

        await StartNodeAsync(("Test:NodeName", "stayer"), ("Test:BatchSize", "5"));

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 100, "all 100 messages are handled");
        // What the crasher had handled but not acknowledged comes again too: once nothing is held, every delivery is settled.
        await Eventually.HoldsAsync(async () => await HeldAsync(null) == 0, "every message is acknowledged");
        Assert.All(await Database.EffectCountsAsync(), effect => Assert.Equal(1, effect.Value));
    }

    [Fact]
    public async Task Redis_killed_and_restarted_mid_stream_loses_nothing_and_doubles_no_effect()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await StartNodeAsync(("Test:NodeName", "a"));
        await StartNodeAsync(("Test:NodeName", "b"));
        using var stop = new CancellationTokenSource();
        var stream = PublishStreamAsync(publisher, stop.Token);

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects") >= 50, "50 messages are handled");
        await Services.KillAsync("redis");
        await Services.StartAsync("redis");
        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects") >= 100, "handling resumes");

        await stop.CancelAsync();
        var published = await stream;
        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == published, $"all {published} messages are handled");
        await Eventually.HoldsAsync(async () => await HeldAsync(null) == 0, "every message is acknowledged");
        Assert.All(await Database.EffectCountsAsync(), effect => Assert.Equal(1, effect.Value));
    }

    /// <summary>Commits a transaction of ten messages every 50 ms until told to stop, then a few more. Returns how many it published.</summary>
    private static async Task<int> PublishStreamAsync(IHost publisher, CancellationToken stop)
    {
        var transactions = 0;
        var afterStop = 0;
        while (afterStop < 5)
        {
            afterStop += stop.IsCancellationRequested ? 1 : 0;
            var transaction = transactions++;
            await PublishAsync(publisher, Enumerable.Range(0, 10).Select(i => new RecordEffect($"t{transaction}-{i}")));
            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }

        return transactions * 10;
    }

    private Task<long> HandledByAsync(string node) =>
        Database.ScalarAsync<long>($"""SELECT COUNT(*) FROM test_effects WHERE "Node" = '{node}'""");

    private Task<long> HeldAsync(string? node) => RedisServer.HeldByAsync(_prefix, TestModel.Queue, node);
}
