using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Transport;

/// <summary>The Local transport's consumer and the dispatcher together, in process: what a settlement does to the queue row.</summary>
public sealed class LocalTransportTests : IAsyncLifetime
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30); // a bound, not a wait: a loaded CI box may take seconds

    private InProcessNode _node = null!;

    public async ValueTask InitializeAsync() => _node = await InProcessNode.CreateAsync(broker: false);

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private async Task PublishAsync(Pong message) =>
        await _node.InScopeAsync(async (db, services) =>
        {
            services.GetRequiredService<IMessagePublisher>().Publish(message);
            return await db.SaveChangesAsync();
        });

    private Task ConsumeAsync(CancellationToken cancellationToken) =>
        _node.Services.GetRequiredService<ITransport>().ConsumeAsync(TestQueues.Audit, concurrency: 1, batchSize: 8,
            (batch, ct) => _node.Dispatcher.DispatchAsync(TestQueues.Audit, batch, ct), cancellationToken);

    [Fact]
    public async Task A_handled_message_leaves_the_queue_and_is_in_the_inbox()
    {
        await PublishAsync(new Pong("a"));
        using var stopping = new CancellationTokenSource();
        var consuming = ConsumeAsync(stopping.Token);

        await Eventually.HoldsAsync(async () => (await _node.LocalQueueAsync()).Count == 0, "the queue row is deleted", Soon);
        await stopping.CancelAsync();
        await consuming;

        Assert.Equal(["a"], await _node.NoteKeysAsync());
        Assert.Single(await _node.InboxAsync());
    }

    [Fact]
    public async Task A_message_whose_handling_is_cancelled_is_released_for_redelivery()
    {
        await _node.InScopeAsync(async (db, services) =>
        {
            services.GetRequiredService<IMessagePublisher>().Publish(new Ping("stuck", Block: true));
            return await db.SaveChangesAsync();
        });
        using var stopping = new CancellationTokenSource();
        var consuming = ConsumeAsync(stopping.Token);
        await _node.Log.Blocking.Task.WaitAsync(Soon);
        var leased = (await _node.LocalQueueAsync()).Single(r => r.Queue == TestQueues.Audit.Name);
        Assert.NotNull(leased.LeaseOwner);

        await stopping.CancelAsync();
        await consuming.WaitAsync(Soon);

        var released = (await _node.LocalQueueAsync()).Single(r => r.Queue == TestQueues.Audit.Name);
        Assert.Null(released.LeaseOwner);
        Assert.Equal(0, released.LeaseUntil);
        Assert.Equal(1, released.DeliveryCount);
        Assert.Empty(await _node.InboxAsync());
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(await _node.DeadLettersAsync());
    }

    [Fact]
    public async Task A_message_whose_final_failure_hook_throws_is_dead_lettered_once_it_exceeds_its_deliveries()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false, settings: new Dictionary<string, string?>
        {
            ["Tellal:Messaging:Retry:MaxAttempts"] = "1",
            ["Tellal:Messaging:MaxDeliveries"] = "3",
        });
        await node.InScopeAsync(async (db, services) =>
        {
            services.GetRequiredService<IMessagePublisher>().Publish(new Ping("doomed", Fail: true, HookFails: true));
            return await db.SaveChangesAsync();
        });
        using var stopping = new CancellationTokenSource();
        var consuming = node.Services.GetRequiredService<ITransport>().ConsumeAsync(TestQueues.Pings, concurrency: 1, batchSize: 8,
            (batch, ct) => node.Dispatcher.DispatchAsync(TestQueues.Pings, batch, ct), stopping.Token);

        try
        {
            await Eventually.HoldsAsync(async () => (await node.DeadLettersAsync()).Count == 1, "the message is dead-lettered", Soon);
        }
        finally
        {
            await stopping.CancelAsync();
            await consuming;
        }
    }
}
