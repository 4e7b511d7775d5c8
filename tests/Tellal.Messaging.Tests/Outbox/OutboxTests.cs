using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport.Local;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Outbox;

/// <summary>Where a published message goes on each kind of transport, and how it leaves: the committed-message sender and the relay.</summary>
public sealed class OutboxTests
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private static Task<Guid> PublishAsync(InProcessNode node, object message, PublishOptions? options = null) =>
        node.InScopeAsync(async (db, services) =>
        {
            var id = Publish(services, message, options);
            await db.SaveChangesAsync();
            return id;
        });

    private static Guid Publish(IServiceProvider services, object message, PublishOptions? options = null)
    {
        var publisher = services.GetRequiredService<IMessagePublisher>();
        return message switch
        {
            Ping ping => publisher.Publish(ping, options),
            Pong pong => publisher.Publish(pong, options),
            _ => throw new ArgumentException("Unknown test message", nameof(message)),
        };
    }

    // ---- Local transport: the queue is a table of the same database ----

    [Fact]
    public async Task On_the_local_transport_a_message_due_now_goes_straight_into_each_subscribed_queue_without_an_outbox_row()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);

        var id = await PublishAsync(node, new Ping("now"), new PublishOptions { Subject = "s-1" });

        Assert.Empty(await node.OutboxAsync());
        var rows = await node.LocalQueueAsync();
        Assert.Equal([TestQueues.Audit.Name, TestQueues.Pings.Name], rows.Select(r => r.Queue).Order());
        Assert.All(rows, r =>
        {
            Assert.Equal(id, r.MessageId);
            Assert.Equal(1, r.Attempt);
            Assert.Equal("s-1", r.Subject);
            Assert.Equal(node.Clock.Now.ToUnixTimeMilliseconds(), r.VisibleAt);
            Assert.Equal(0, r.DeliveryCount);
            Assert.Null(r.LeaseOwner);
        });
    }

    [Fact]
    public async Task On_the_local_transport_queue_rows_are_written_in_the_callers_transaction()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);

        await node.InScopeAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Publish(services, new Ping("rolled-back"));
            await db.SaveChangesAsync();
            Assert.Equal(2, await db.Set<LocalQueueMessage>().CountAsync()); // visible inside the transaction
            Assert.Empty(await node.LocalQueueAsync()); // not outside it
            await transaction.RollbackAsync();
            return 0;
        });
        Assert.Empty(await node.LocalQueueAsync());

        await node.InScopeAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Publish(services, new Pong("committed"));
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            return 0;
        });

        Assert.Equal("tellal.test.pong.v1", Assert.Single(await node.LocalQueueAsync()).Type);
    }

    [Fact]
    public async Task On_the_local_transport_a_message_due_later_waits_in_the_outbox()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);
        var due = node.Clock.Now.AddMinutes(10);

        var id = await PublishAsync(node, new Ping("later"), new PublishOptions { NotBefore = due });

        Assert.Empty(await node.LocalQueueAsync());
        var row = Assert.Single(await node.OutboxAsync());
        Assert.Equal(id, row.MessageId);
        Assert.Equal(due.ToUnixTimeMilliseconds(), row.DueAt);
        Assert.Null(row.Destination);
        Assert.Null(row.LeaseOwner);
        Assert.Equal(0, row.LeaseUntil);
    }

    [Fact]
    public async Task A_destination_overrides_routing()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);

        await node.InScopeAsync(async (db, services) =>
        {
            // Ping routes to both queues; a retry or replay names one.
            services.GetRequiredService<OutboxWriter>().Add(db, node.Envelope(new Ping("retry"), attempt: 2), TestQueues.Audit.Name, node.Clock.Now);
            return await db.SaveChangesAsync();
        });

        var row = Assert.Single(await node.LocalQueueAsync());
        Assert.Equal(TestQueues.Audit.Name, row.Queue);
        Assert.Equal(2, row.Attempt);
    }

    [Fact]
    public async Task On_the_local_transport_a_message_no_queue_subscribes_to_is_dropped()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);

        await node.InScopeAsync(async (db, services) =>
        {
            services.GetRequiredService<OutboxWriter>().Add(db, node.Envelope(new Ping("x")) with { Type = "tellal.test.nobody.v1" }, null, node.Clock.Now);
            return await db.SaveChangesAsync();
        });

        Assert.Empty(await node.LocalQueueAsync());
        Assert.Empty(await node.OutboxAsync());
    }

    // ---- A broker: the outbox row is the durable record, the committed-message sender the fast path ----

    [Fact]
    public async Task On_a_broker_without_a_running_sender_a_message_due_now_is_left_to_the_relay()
    {
        await using var node = await InProcessNode.CreateAsync();

        await PublishAsync(node, new Ping("cli"));

        var row = Assert.Single(await node.OutboxAsync());
        Assert.Null(row.LeaseOwner);
        Assert.Equal(0, row.LeaseUntil);
        Assert.Equal(node.Clock.Now.ToUnixTimeMilliseconds(), row.DueAt);
        Assert.Empty(node.Transport!.Sent);
    }

    [Fact]
    public async Task On_a_broker_a_message_due_now_is_reserved_for_the_node_and_sent_only_after_the_commit()
    {
        await using var node = await InProcessNode.CreateAsync();
        await node.StartSenderAsync();
        var transport = node.Transport!;

        var id = await node.InScopeAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            var id = Publish(services, new Ping("fast"));
            await db.SaveChangesAsync();

            var reserved = await db.Set<OutboxMessage>().AsNoTracking().SingleAsync();
            Assert.Equal(node.Identity.InstanceId, reserved.LeaseOwner);
            Assert.Equal((node.Clock.Now + TimeSpan.FromSeconds(10)).ToUnixTimeMilliseconds(), reserved.LeaseUntil);
            await Task.Delay(100);
            Assert.Empty(transport.Sent);

            await transaction.CommitAsync();
            return id;
        });

        await Eventually.HoldsAsync(async () => (await node.OutboxAsync()).Count == 0, "the sent row is deleted", Soon);
        var sent = Assert.Single(transport.Sent);
        Assert.Equal(id, sent.Envelope.Id);
        Assert.Null(sent.Destination);
        Assert.Equal("tellal.test.ping.v1", sent.Envelope.Type);
    }

    [Fact]
    public async Task On_a_broker_a_message_whose_transaction_rolls_back_is_never_sent()
    {
        await using var node = await InProcessNode.CreateAsync();
        await node.StartSenderAsync();

        await node.InScopeAsync(async (db, services) =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            Publish(services, new Ping("rolled-back"));
            await db.SaveChangesAsync();
            await transaction.RollbackAsync();
            return 0;
        });
        var committed = await PublishAsync(node, new Ping("committed"));

        await Eventually.HoldsAsync(() => Task.FromResult(node.Transport!.Sent.Count > 0), "the committed message is sent", Soon);
        await Eventually.HoldsAsync(async () => (await node.OutboxAsync()).Count == 0, "its row is deleted", Soon);
        Assert.Equal(committed, Assert.Single(node.Transport!.Sent).Envelope.Id);
    }

    [Fact]
    public async Task On_a_broker_a_message_due_later_is_not_reserved_and_not_sent_by_the_sender()
    {
        await using var node = await InProcessNode.CreateAsync();
        await node.StartSenderAsync();

        await PublishAsync(node, new Ping("timer"), new PublishOptions { NotBefore = node.Clock.Now.AddMinutes(1) });
        await PublishAsync(node, new Ping("now")); // sent after the timer was committed: once it is sent, the timer would have been too

        await Eventually.HoldsAsync(async () => (await node.OutboxAsync()).Count == 1, "the message due now is sent and deleted", Soon);
        Assert.Single(node.Transport!.Sent);
        var timer = Assert.Single(await node.OutboxAsync());
        Assert.Null(timer.LeaseOwner);
    }

    [Fact]
    public async Task The_sender_keeps_a_batch_the_transport_refused_and_sends_it_once_the_transport_recovers()
    {
        await using var node = await InProcessNode.CreateAsync();
        await node.StartSenderAsync();
        node.Transport!.Failing = true;

        var id = await PublishAsync(node, new Ping("patient"));
        await Eventually.HoldsAsync(() => Task.FromResult(node.Transport.Refused > 0), "a send is refused", Soon);
        node.Transport.Failing = false;

        await Eventually.HoldsAsync(async () => (await node.OutboxAsync()).Count == 0, "the row is sent and deleted", Soon);
        Assert.Equal(id, Assert.Single(node.Transport.Sent).Envelope.Id);
    }

    [Fact]
    public async Task A_stopping_sender_hands_its_unsent_rows_back_to_the_relays_at_once()
    {
        // Batches of one, the transport failing: each row is held by a send loop retrying it, or waits in the backlog.
        await using var node = await InProcessNode.CreateAsync(settings: new Dictionary<string, string?> { ["Tellal:Messaging:Relay:BatchSize"] = "1" });
        var sender = await node.StartSenderAsync();
        node.Transport!.Failing = true;
        for (var i = 0; i < 6; i++)
        {
            await PublishAsync(node, new Ping($"k{i}"));
        }

        await sender.StopAsync(CancellationToken.None);

        var rows = await node.OutboxAsync();
        Assert.Equal(6, rows.Count);
        var released = rows.Count(r => r.LeaseOwner is null && r.LeaseUntil == 0);
        Assert.InRange(released, 2, 6);
        Assert.All(rows.Where(r => r.LeaseOwner is not null), r => Assert.Equal(node.Identity.InstanceId, r.LeaseOwner));
    }

    // ---- The relay ----

    private static async Task<List<OutboxMessage>> AddRowsAsync(InProcessNode node, params OutboxMessage[] rows)
    {
        await node.InScopeAsync(async (db, _) =>
        {
            db.Set<OutboxMessage>().AddRange(rows);
            return await db.SaveChangesAsync();
        });
        return rows.ToList();
    }

    private static OutboxMessage Row(InProcessNode node, string key, TimeSpan? dueIn = null, string? destination = null, string? leaseOwner = null, TimeSpan? leaseFor = null)
    {
        var row = new OutboxMessage
        {
            Destination = destination,
            DueAt = (node.Clock.Now + (dueIn ?? TimeSpan.Zero)).ToUnixTimeMilliseconds(),
            LeaseOwner = leaseOwner,
            LeaseUntil = leaseFor is { } lease ? (node.Clock.Now + lease).ToUnixTimeMilliseconds() : 0,
        };
        row.CopyFrom(node.Envelope(new Ping(key)));
        return row;
    }

    [Fact]
    public async Task The_relay_sends_due_rows_nobody_reserved_in_commit_order_and_deletes_them()
    {
        await using var node = await InProcessNode.CreateAsync();
        var rows = await AddRowsAsync(node,
            Row(node, "first"),
            Row(node, "retry", destination: TestQueues.Pings.Name),
            Row(node, "third", dueIn: TimeSpan.FromSeconds(-30)));

        var moved = await node.Relay().RelayBatchAsync(CancellationToken.None);

        Assert.Equal(3, moved);
        Assert.Empty(await node.OutboxAsync());
        var sent = node.Transport!.Sent;
        Assert.Equal(rows.Select(r => r.MessageId), sent.Select(m => m.Envelope.Id));
        Assert.Equal([null, TestQueues.Pings.Name, null], sent.Select(m => m.Destination));
        Assert.Equal(rows[0].ToEnvelope(), sent[0].Envelope);
        Assert.Equal(0, await node.Relay().RelayBatchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_relay_leaves_a_row_until_it_is_due()
    {
        await using var node = await InProcessNode.CreateAsync();
        var relay = node.Relay();
        await AddRowsAsync(node, Row(node, "timer", dueIn: TimeSpan.FromMinutes(1)));

        Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
        node.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Empty(node.Transport!.Sent);

        node.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Single(node.Transport.Sent);
        Assert.Empty(await node.OutboxAsync());
    }

    [Fact]
    public async Task The_relay_leaves_rows_reserved_by_another_owner_alone_until_their_lease_ends()
    {
        await using var node = await InProcessNode.CreateAsync();
        var relay = node.Relay();
        await AddRowsAsync(node, Row(node, "theirs", leaseOwner: "other-node/1", leaseFor: TimeSpan.FromSeconds(10)));

        Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
        node.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Empty(node.Transport!.Sent);
        Assert.Equal("other-node/1", Assert.Single(await node.OutboxAsync()).LeaseOwner);

        node.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Single(node.Transport.Sent);
        Assert.Empty(await node.OutboxAsync());
    }

    [Fact]
    public async Task On_the_local_transport_the_relay_moves_a_due_retry_into_its_one_queue()
    {
        await using var node = await InProcessNode.CreateAsync(broker: false);
        var retry = Row(node, "retry", dueIn: TimeSpan.FromSeconds(2), destination: TestQueues.Audit.Name);
        retry.Attempt = 2;
        await AddRowsAsync(node, retry);
        node.Clock.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(1, await node.Relay().RelayBatchAsync(CancellationToken.None));

        Assert.Empty(await node.OutboxAsync());
        var queued = Assert.Single(await node.LocalQueueAsync());
        Assert.Equal(TestQueues.Audit.Name, queued.Queue);
        Assert.Equal(2, queued.Attempt);
        Assert.Equal(retry.MessageId, queued.MessageId);
    }

    [Fact]
    public async Task The_relay_moves_at_most_one_batch_per_round()
    {
        await using var node = await InProcessNode.CreateAsync(settings: new Dictionary<string, string?> { ["Tellal:Messaging:Relay:BatchSize"] = "2" });
        await AddRowsAsync(node, Row(node, "a"), Row(node, "b"), Row(node, "c"));
        var relay = node.Relay();

        Assert.Equal(2, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Equal(1, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Equal(["a", "b", "c"], node.Transport!.Sent.Select(m => m.Envelope.Data).Select(d => System.Text.Json.JsonSerializer.Deserialize<Ping>(d, OutboxPublisher.Json)!.Key));
    }

    [Fact]
    public async Task The_relay_keeps_rows_the_transport_refused_and_they_are_not_deleted()
    {
        await using var node = await InProcessNode.CreateAsync();
        await AddRowsAsync(node, Row(node, "a"));
        node.Transport!.Failing = true;

        await Assert.ThrowsAsync<IOException>(() => node.Relay().RelayBatchAsync(CancellationToken.None));

        Assert.Equal(1, node.Transport.Refused);
        Assert.Single(await node.OutboxAsync());
        Assert.Empty(node.Transport.Sent);
    }

    [Fact]
    public async Task Rows_the_transport_refused_are_sent_at_the_next_round_once_it_recovers()
    {
        await using var node = await InProcessNode.CreateAsync();
        await AddRowsAsync(node, Row(node, "a"));
        var relay = node.Relay();
        node.Transport!.Failing = true;
        await Assert.ThrowsAsync<IOException>(() => relay.RelayBatchAsync(CancellationToken.None));

        node.Transport.Failing = false;
        node.Clock.Advance(TimeSpan.FromSeconds(1)); // well within the relay's backoff, far from its 30 s lease

        Assert.Equal(1, await relay.RelayBatchAsync(CancellationToken.None));
        Assert.Empty(await node.OutboxAsync());
    }
}
