using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Testing;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// What every transport must do, whatever it is built on. A transport's test class derives from this one and
/// only says which database and transport settings to use; the tests themselves never change per transport.
/// </summary>
public abstract class TransportConformanceTests : NodeTests
{
    [Fact]
    public async Task Every_published_message_is_handled_exactly_once_by_competing_nodes()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await StartNodeAsync(("Test:NodeName", "a"));
        await StartNodeAsync(("Test:NodeName", "b"));

        for (var transaction = 0; transaction < 10; transaction++)
        {
            await PublishAsync(publisher, Enumerable.Range(0, 30).Select(i => new RecordEffect($"t{transaction}-{i}")));
        }

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 300, "300 messages are handled");
        var effects = await Database.EffectCountsAsync();
        Assert.All(effects, effect => Assert.Equal(1, effect.Value));
    }

    [Fact]
    public async Task A_message_delivered_twice_has_one_effect()
    {
        var node = await StartNodeAsync(("Test:Concurrency", "1"), ("Test:BatchSize", "1"));
        var id = Guid.NewGuid();
        await PublishAsync(node, [new RecordEffect("duplicate")], new PublishOptions { MessageId = id });
        await PublishAsync(node, [new RecordEffect("duplicate")], new PublishOptions { MessageId = id });
        // One consumer handles its queue in order: once the sentinel is done, both copies were delivered.
        await PublishAsync(node, [new RecordEffect("sentinel")]);

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).ContainsKey("sentinel"), "the sentinel is handled");
        Assert.Equal(1, (await Database.EffectCountsAsync())["duplicate"]);
    }

    [Fact]
    public async Task A_failing_message_is_retried_with_backoff_until_it_succeeds()
    {
        var node = await StartNodeAsync();
        await PublishAsync(node, [new RecordEffect("flaky", FailAttempts: 2)]);

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).ContainsKey("flaky"), "the flaky message succeeds");
        var attempts = await Database.ScalarAsync<int>("""SELECT "Attempt" FROM test_effects WHERE "Key" = 'flaky'""");
        Assert.Equal(3, attempts);
        Assert.Equal(1, (await Database.EffectCountsAsync())["flaky"]);
    }

    [Fact]
    public async Task A_poison_message_is_dead_lettered_while_others_flow_and_a_replay_after_the_fix_handles_it_once()
    {
        var node = await StartNodeAsync(("Test:PoisonKeys", "poison"));
        await PublishAsync(node, Enumerable.Range(0, 25).Select(i => new RecordEffect($"before-{i}"))
            .Append(new RecordEffect("poison"))
            .Concat(Enumerable.Range(0, 25).Select(i => new RecordEffect($"after-{i}"))));

        await Eventually.HoldsAsync(async () => await DeadLettersAsync(node) is [_], "the poison message is dead-lettered");
        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 50, "the other 50 messages are handled");
        var dead = Assert.Single(await DeadLettersAsync(node));
        Assert.Equal(3, dead.Attempts);
        Assert.Contains("Simulated bug", dead.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("poison", (await Database.EffectCountsAsync()).Keys);

        lock (node.Services.GetRequiredService<FaultSwitch>())
        {
            node.Services.GetRequiredService<FaultSwitch>().PoisonKeys.Clear();
        }

        Assert.Equal(ReplayOutcome.Replayed, await ReplayAsync(node, dead.Id));
        Assert.Equal(ReplayOutcome.AlreadyReplayed, await ReplayAsync(node, dead.Id));
        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).ContainsKey("poison"), "the replayed message is handled");
        Assert.All(await Database.EffectCountsAsync(), effect => Assert.Equal(1, effect.Value));
    }

    [Fact]
    public async Task Waiting_messages_are_consumed_in_priority_order()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await using (var scope = publisher.Services.CreateAsyncScope())
        {
            var publish = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
            for (var i = 0; i < 5; i++)
            {
                foreach (var priority in new[] { MessagePriority.Low, MessagePriority.Normal, MessagePriority.High })
                {
                    publish.Publish(new RecordEffect($"{priority}-{i}"), new PublishOptions { Priority = priority });
                }
            }

            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
        }

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_outbox") == 0,
            "the relay hands every message to the transport");
        await StartNodeAsync(("Test:Concurrency", "1"), ("Test:BatchSize", "1"));

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 15, "all 15 messages are handled");
        var order = (await Database.RowsAsync("""SELECT "Key" FROM test_effects ORDER BY "Seq" """)).Select(r => ((string)r[0]!).Split('-')[0]).ToList();
        Assert.Equal([.. Enumerable.Repeat("High", 5), .. Enumerable.Repeat("Normal", 5), .. Enumerable.Repeat("Low", 5)], order);
    }

    [Fact]
    public async Task A_message_whose_consumer_is_killed_mid_message_is_redelivered_and_handled_once()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await using var victim = ChildNode.Start(NodeSettings(("Test:NodeName", "victim"), ("Test:Concurrency", "1"), ("Test:BatchSize", "1")));
        await victim.WaitForLineAsync("STARTED");
        await PublishAsync(publisher, Enumerable.Range(0, 3).Select(i => new RecordEffect($"slow-{i}", WorkMilliseconds: 1500)));

        await victim.WaitForLineAsync("HANDLING slow-");
        await victim.KillAsync();
        await StartNodeAsync(("Test:NodeName", "survivor"));

        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 3, "all three messages are handled");
        Assert.All(await Database.EffectCountsAsync(), effect => Assert.Equal(1, effect.Value));
        Assert.Contains("survivor", (await Database.RowsAsync("""SELECT "Node" FROM test_effects""")).Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task A_message_that_kills_its_consumer_every_time_is_dead_lettered_after_MaxDeliveries_and_the_others_flow()
    {
        const int maxDeliveries = 3;
        (string, string?)[] crashing = [("Test:CrashKeys", "crash"), ("Tellal:Messaging:MaxDeliveries", $"{maxDeliveries}"),
            ("Test:Concurrency", "1"), ("Test:BatchSize", "1")];
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        await PublishAsync(publisher, Enumerable.Range(0, 5).Select(i => new RecordEffect($"ok-{i}")).Prepend(new RecordEffect("crash")));

        // Each new consumer takes the message (first in the queue, or once the dead consumer's lease ran out) and dies
        // before it can settle it.
        for (var delivery = 1; delivery <= maxDeliveries; delivery++)
        {
            await using var node = ChildNode.Start(NodeSettings(crashing));
            Assert.NotEqual(0, await node.WaitForExitAsync(TimeSpan.FromSeconds(120)));
            Assert.Contains("CRASHING crash", node.Lines);
        }

        // One delivery more than allowed: dead-lettered without running the handler again, and the others flow.
        await using var survivor = ChildNode.Start(NodeSettings(crashing));
        await Eventually.HoldsAsync(async () => await DeadLettersAsync(publisher) is [_], "the crashing message is dead-lettered");
        await Eventually.HoldsAsync(async () => (await Database.EffectCountsAsync()).Count == 5, "the other five messages are handled");
        var dead = Assert.Single(await DeadLettersAsync(publisher));
        Assert.Contains("keeps dying", dead.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("CRASHING crash", survivor.Lines);
        Assert.All(await Database.EffectCountsAsync(), effect => Assert.Equal(1, effect.Value));
    }

    [Fact]
    public async Task Messages_committed_before_the_publisher_is_killed_are_all_delivered_after_restart()
    {
        await using var publisher = ChildNode.Start(NodeSettings(("Test:Consume", "false"), ("Test:PublishCount", "100000")));
        await publisher.WaitForLineAsync("COMMITTED k100");
        await publisher.KillAsync();
        var committed = publisher.Lines.Where(l => l.StartsWith("COMMITTED ", StringComparison.Ordinal)).Select(l => l[10..]).ToHashSet();

        await StartNodeAsync(("Test:NodeName", "after-restart"));

        await Eventually.HoldsAsync(async () => committed.IsSubsetOf((await Database.EffectCountsAsync()).Keys), "every committed message is handled");
        var effects = await Database.EffectCountsAsync();
        Assert.All(effects, effect => Assert.Equal(1, effect.Value));
        // At most the one message whose commit raced the kill may exist beyond those reported committed.
        Assert.InRange(effects.Count - committed.Count, 0, 1);
    }

    private static async Task<IReadOnlyList<DeadLetterSummary>> DeadLettersAsync(IHost node)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadLetterStore>().ListAsync(10, includeReplayed: false, CancellationToken.None);
    }

    private static async Task<ReplayOutcome> ReplayAsync(IHost node, Guid id)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeadLetterStore>().ReplayAsync(id, CancellationToken.None);
    }
}
