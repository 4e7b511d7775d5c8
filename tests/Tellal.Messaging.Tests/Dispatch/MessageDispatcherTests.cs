using System.Text.Json;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Dispatch;

public sealed class MessageDispatcherTests : IAsyncLifetime
{
    private static readonly QueueDefinition Pings = TestQueues.Pings;

    private InProcessNode _node = null!;

    public async ValueTask InitializeAsync() => _node = await InProcessNode.CreateAsync(settings: new Dictionary<string, string?>
    {
        ["Tellal:Messaging:Retry:MaxAttempts"] = "3",
        ["Tellal:Messaging:Retry:InitialDelay"] = "00:00:02",
        ["Tellal:Messaging:MaxDeliveries"] = "3",
    });

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    private IncomingMessage Delivery(object message, int attempt = 1, int deliveryCount = 1, bool countedByTransport = true, Guid? id = null) =>
        new(message switch
        {
            Ping ping => _node.Envelope(ping, attempt, id),
            Pong pong => _node.Envelope(pong, attempt, id),
            Chunk chunk => _node.Envelope(chunk, attempt, id),
            Envelope envelope => envelope,
            _ => throw new ArgumentException("Unknown test message", nameof(message)),
        }, Pings.Name, deliveryCount, countedByTransport);

    [Fact]
    public async Task A_batch_whose_handlers_all_succeed_commits_their_state_and_one_inbox_row_per_message_in_one_transaction()
    {
        var batch = new[] { Delivery(new Ping("a")), Delivery(new Ping("b")), Delivery(new Ping("c")) };

        var settlements = await _node.DispatchAsync(Pings, batch);

        Assert.All(settlements, s => Assert.Equal(Settlement.Complete, s));
        Assert.Equal(["a", "b", "c"], await _node.NoteKeysAsync());
        var inbox = await _node.InboxAsync();
        Assert.Equal(batch.Select(m => m.Envelope.Id).Order(), inbox.Select(e => e.MessageId).Order());
        Assert.All(inbox, e => Assert.Equal(Pings.Name, e.Consumer));
        Assert.All(inbox, e => Assert.Equal(_node.Clock.Now.ToUnixTimeMilliseconds(), e.HandledAt));
        Assert.Equal([3], _node.Saves.Saves); // one SaveChanges: 3 notes, the 3 inbox rows written beside them in its transaction
        Assert.Empty(await _node.OutboxAsync());
    }

    [Fact]
    public async Task A_batch_handler_gets_all_its_messages_of_a_batch_in_one_call_that_commits_with_their_inbox_rows()
    {
        var batch = new[] { Delivery(new Chunk("a")), Delivery(new Ping("p")), Delivery(new Chunk("b")), Delivery(new Chunk("c")) };

        var settlements = await _node.DispatchAsync(Pings with { HandlersInTransaction = true }, batch);

        Assert.All(settlements, s => Assert.Equal(Settlement.Complete, s));
        Assert.Equal(["p", "chunks:a,b,c"], _node.Log.Handled);
        Assert.Equal(["a,b,c", "p"], await _node.NoteKeysAsync());
        Assert.Equal(batch.Select(m => m.Envelope.Id).Order(), (await _node.InboxAsync()).Select(e => e.MessageId).Order());
    }

    [Fact]
    public async Task A_failing_batch_handler_call_rolls_back_and_its_messages_are_handled_one_by_one()
    {
        var batch = new[] { Delivery(new Chunk("a")), Delivery(new Chunk("bad", Fail: true)), Delivery(new Chunk("c")) };

        await _node.DispatchAsync(Pings with { HandlersInTransaction = true }, batch);

        Assert.Equal(["chunks:a,bad,c", "chunks:a", "chunks:bad", "chunks:c"], _node.Log.Handled);
        // The batch's statement rolled back with it; alone, the good ones committed and the bad one is to be retried.
        Assert.Equal(["a", "c"], await _node.NoteKeysAsync());
        Assert.Equal(new[] { batch[0].Envelope.Id, batch[2].Envelope.Id }.Order(), (await _node.InboxAsync()).Select(e => e.MessageId).Order());
        Assert.Equal(batch[1].Envelope.Id, Assert.Single(await _node.OutboxAsync()).MessageId);
    }

    [Fact]
    public async Task Messages_a_batch_handler_publishes_commit_once_with_its_statement_and_the_inbox_rows_of_the_batch()
    {
        var batch = new[] { Delivery(new Chunk("a", Forward: "a2")), Delivery(new Chunk("bad", Fail: true, Forward: "bad2")), Delivery(new Chunk("c", Forward: "c2")) };

        await _node.DispatchAsync(Pings with { HandlersInTransaction = true }, batch);

        // The batch call (all three) rolled back with what it published; alone, a and c committed theirs, once each.
        Assert.Equal(["chunks:a,bad,c", "chunks:a", "chunks:bad", "chunks:c"], _node.Log.Handled);
        Assert.Equal(["a", "c"], await _node.NoteKeysAsync());
        Assert.Equal(new[] { batch[0].Envelope.Id, batch[2].Envelope.Id }.Order(), (await _node.InboxAsync()).Select(e => e.MessageId).Order());
        var outbox = await _node.OutboxAsync();
        Assert.Equal(["a2", "c2"], outbox.Where(o => o.Type == "tellal.test.pong.v1").Select(o => JsonSerializer.Deserialize<Pong>(o.Data, JsonSerializerOptions.Web)!.Key).Order());
        Assert.Equal(batch[1].Envelope.Id, Assert.Single(outbox, o => o.Type != "tellal.test.pong.v1").MessageId); // bad, to be retried
    }

    [Fact]
    public async Task Messages_a_handler_publishes_commit_with_the_batch()
    {
        await _node.DispatchAsync(Pings, Delivery(new Ping("a", Forward: "a2")), Delivery(new Ping("b")));

        var outbox = Assert.Single(await _node.OutboxAsync());
        Assert.Equal("tellal.test.ping.v1", outbox.Type);
        Assert.Null(outbox.Destination);
        Assert.Equal([2], _node.Saves.Saves); // 2 notes; the inbox and outbox rows are written in the same transaction
    }

    [Fact]
    public async Task A_batch_with_one_failing_message_falls_back_to_one_by_one_and_only_the_failing_one_is_retried()
    {
        var bad = Delivery(new Ping("bad", Fail: true));
        var batch = new[] { Delivery(new Ping("a")), bad, Delivery(new Ping("c")) };

        var settlements = await _node.DispatchAsync(Pings, batch);

        Assert.All(settlements, s => Assert.Equal(Settlement.Complete, s));
        Assert.Equal(["a", "c"], await _node.NoteKeysAsync());
        Assert.Equal(2, _node.Log.Count("a")); // once in the discarded batch, once alone
        Assert.Equal(2, _node.Log.Count("bad"));
        Assert.Equal([1, 0, 1], _node.Saves.Saves); // in order: a (its note), the retry of bad (only an outbox row), c (its note)
        var inbox = await _node.InboxAsync();
        Assert.Equal(new[] { batch[0].Envelope.Id, batch[2].Envelope.Id }.Order(), inbox.Select(e => e.MessageId).Order());

        var retry = Assert.Single(await _node.OutboxAsync());
        Assert.Equal(bad.Envelope.Id, retry.MessageId);
        Assert.Equal(2, retry.Attempt);
        Assert.Equal(Pings.Name, retry.Destination);
        Assert.Equal((_node.Clock.Now + TimeSpan.FromSeconds(2)).ToUnixTimeMilliseconds(), retry.DueAt);
        Assert.Null(retry.LeaseOwner);
        Assert.Equal(bad.Envelope.Data, retry.Data);
        Assert.Empty(await _node.DeadLettersAsync());
    }

    [Fact]
    public async Task Handlers_in_the_transaction_have_their_own_statements_rolled_back_with_a_failed_batch()
    {
        var batch = new[] { Delivery(new Ping("a", Direct: true)), Delivery(new Ping("bad", Fail: true)) };

        await _node.DispatchAsync(Pings with { HandlersInTransaction = true }, batch);

        // Handled twice (in the discarded batch, then alone), written once: the batch's statement rolled back with it.
        Assert.Equal(2, _node.Log.Count("a"));
        Assert.Equal(["a"], await _node.NoteKeysAsync());
    }

    [Fact]
    public async Task Without_the_transaction_a_handler_s_own_statement_outlives_a_failed_batch()
    {
        var batch = new[] { Delivery(new Ping("a", Direct: true)), Delivery(new Ping("bad", Fail: true)) };

        await _node.DispatchAsync(Pings, batch);

        // Why a queue whose handlers execute SQL themselves declares HandlersInTransaction.
        Assert.Equal(["a", "a"], await _node.NoteKeysAsync());
    }

    [Fact]
    public async Task A_batch_whose_commit_fails_falls_back_to_one_by_one()
    {
        var id = Guid.CreateVersion7();
        // The same message twice in one batch: the batch's two inbox rows collide, so the batch cannot commit.
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Ping("twice"), id: id), Delivery(new Ping("twice"), id: id), Delivery(new Ping("other")));

        Assert.All(settlements, s => Assert.Equal(Settlement.Complete, s));
        Assert.Equal(["other", "twice"], await _node.NoteKeysAsync());
        Assert.Equal(2, (await _node.InboxAsync()).Count);
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(await _node.DeadLettersAsync());
    }

    [Fact]
    public async Task Each_retry_waits_twice_as_long_as_the_one_before()
    {
        await _node.DispatchAsync(Pings, Delivery(new Ping("bad", Fail: true), attempt: 2));

        var retry = Assert.Single(await _node.OutboxAsync());
        Assert.Equal(3, retry.Attempt);
        Assert.Equal((_node.Clock.Now + TimeSpan.FromSeconds(4)).ToUnixTimeMilliseconds(), retry.DueAt);
    }

    [Fact]
    public async Task After_the_last_attempt_the_message_becomes_a_dead_letter_and_the_final_failure_hook_commits_with_it()
    {
        var last = Delivery(new Ping("bad", Fail: true), attempt: 3);

        var settlements = await _node.DispatchAsync(Pings, last);

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(await _node.InboxAsync());
        var dead = Assert.Single(await _node.DeadLettersAsync());
        Assert.Equal(last.Envelope.Id, dead.MessageId);
        Assert.Equal(Pings.Name, dead.Queue);
        Assert.Equal(3, dead.Attempts);
        Assert.Equal("Ping bad fails.", dead.Reason);
        Assert.Contains(nameof(InvalidOperationException), dead.Exception);
        Assert.Equal(_node.Clock.Now.ToUnixTimeMilliseconds(), dead.FailedAt);
        Assert.Null(dead.ReplayedAt);
        Assert.Equal(("bad", "Ping bad fails."), Assert.Single(_node.Log.FinalFailures));
        // The hook's note and the dead letter were written by the same SaveChanges.
        Assert.Equal(["failed:bad"], await _node.NoteKeysAsync());
        Assert.Equal([2], _node.Saves.Saves);
    }

    [Fact]
    public async Task A_final_failure_hook_that_throws_is_left_out_and_the_dead_letter_names_both_failures()
    {
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Ping("bad", Fail: true, HookFails: true), attempt: 3));

        Assert.Equal([Settlement.Complete], settlements);
        var dead = Assert.Single(await _node.DeadLettersAsync());
        Assert.StartsWith("Ping bad fails. (and its final-failure hook failed:", dead.Reason, StringComparison.Ordinal);
        Assert.Empty(await _node.NoteKeysAsync());
    }

    [Fact]
    public async Task A_message_beyond_its_deliveries_is_dead_lettered_even_when_its_final_failure_hook_throws()
    {
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Ping("bad", Fail: true, HookFails: true), deliveryCount: 4));

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Single(await _node.DeadLettersAsync());
    }

    [Fact]
    public async Task A_message_type_with_its_own_retry_schedule_uses_it()
    {
        await using var node = await InProcessNode.CreateAsync(settings: new Dictionary<string, string?>
        {
            ["Tellal:Messaging:RetryByType:tellal.test.ping.v1:MaxAttempts"] = "1",
        });

        await node.Dispatcher.DispatchAsync(Pings, [new IncomingMessage(node.Envelope(new Ping("bad", Fail: true)), Pings.Name, 1)], CancellationToken.None);

        Assert.Empty(await node.OutboxAsync());
        Assert.Equal(1, Assert.Single(await node.DeadLettersAsync()).Attempts);
    }

    [Fact]
    public async Task A_message_already_in_the_inbox_is_settled_as_a_duplicate_without_running_its_handler()
    {
        var first = Delivery(new Ping("once"));
        await _node.DispatchAsync(Pings, first);

        var settlements = await _node.DispatchAsync(Pings, first with { DeliveryCount = 2 }, Delivery(new Ping("new")));

        Assert.Equal([Settlement.Complete, Settlement.Complete], settlements);
        Assert.Equal(1, _node.Log.Count("once"));
        Assert.Equal(["new", "once"], await _node.NoteKeysAsync());
        Assert.Equal(2, (await _node.InboxAsync()).Count);
    }

    [Fact]
    public async Task The_inbox_is_kept_per_queue_so_another_queue_still_handles_the_same_message()
    {
        var envelope = _node.Envelope(new Ping("both"));
        await _node.DispatchAsync(Pings, new IncomingMessage(envelope, Pings.Name, 1));

        await _node.DispatchAsync(TestQueues.Audit, new IncomingMessage(envelope, TestQueues.Audit.Name, 1));

        Assert.Equal(2, _node.Log.Count("both"));
        Assert.Equal([Pings.Name, TestQueues.Audit.Name], (await _node.InboxAsync()).Select(e => e.Consumer).OrderDescending());
    }

    [Fact]
    public async Task A_first_delivery_costs_no_delivery_count_row()
    {
        await _node.DispatchAsync(Pings, Delivery(new Ping("a"), countedByTransport: false));

        Assert.Empty(await _node.DeliveryCountsAsync());
    }

    [Fact]
    public async Task Redeliveries_a_transport_cannot_count_are_counted_in_the_database_and_dead_lettered_unhandled_beyond_the_maximum()
    {
        var envelope = _node.Envelope(new Ping("crash", Block: true));
        var redelivered = new IncomingMessage(envelope, Pings.Name, DeliveryCount: 2, CountedByTransport: false);

        // Deliveries 2 and 3: the handler runs and its consumer "dies" (cancelled: nothing is settled).
        for (var delivery = 2; delivery <= 3; delivery++)
        {
            using var dying = new CancellationTokenSource();
            var dispatch = _node.Dispatcher.DispatchAsync(Pings, [redelivered], dying.Token);
            // This delivery's handler has started (Log.Blocking completed at the first one and stays completed).
            await Eventually.HoldsAsync(() => Task.FromResult(_node.Log.Count("crash") == delivery - 1), $"delivery {delivery} reaches its handler", TimeSpan.FromSeconds(30));
            await dying.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);
            Assert.Equal(delivery, Assert.Single(await _node.DeliveryCountsAsync()).Deliveries);
        }

        Assert.Equal(2, _node.Log.Count("crash"));

        // Delivery 4, still "redelivered" as far as the transport knows: beyond MaxDeliveries = 3.
        var settlements = await _node.DispatchAsync(Pings, redelivered);

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Equal(2, _node.Log.Count("crash"));
        var dead = Assert.Single(await _node.DeadLettersAsync());
        Assert.Equal("Delivered 4 times without being settled: its consumer keeps dying.", dead.Reason);
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(await _node.DeliveryCountsAsync()); // settled: the count is forgotten
    }

    [Fact]
    public async Task A_message_the_transport_counted_beyond_the_maximum_is_dead_lettered_without_running_its_handler()
    {
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Ping("crash"), deliveryCount: 4), Delivery(new Ping("fine")));

        Assert.Equal([Settlement.Complete, Settlement.Complete], settlements);
        Assert.Equal(0, _node.Log.Count("crash"));
        Assert.Single(await _node.DeadLettersAsync());
        Assert.Equal(["failed:crash", "fine"], await _node.NoteKeysAsync());
        Assert.Empty(await _node.DeliveryCountsAsync());
    }

    [Fact]
    public async Task A_counted_redelivery_that_succeeds_forgets_its_count()
    {
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Ping("again"), deliveryCount: 2, countedByTransport: false));

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Equal(["again"], await _node.NoteKeysAsync());
        Assert.Empty(await _node.DeliveryCountsAsync());
    }

    [Fact]
    public async Task A_message_of_a_type_the_queue_does_not_handle_is_dead_lettered_at_once_without_retries()
    {
        // Pong is handled on the audit queue only.
        var settlements = await _node.DispatchAsync(Pings, Delivery(new Pong("stray")), Delivery(new Ping("fine")));

        Assert.Equal([Settlement.Complete, Settlement.Complete], settlements);
        Assert.Empty(await _node.OutboxAsync());
        var dead = Assert.Single(await _node.DeadLettersAsync());
        Assert.Equal("tellal.test.pong.v1", dead.Type);
        Assert.Equal(1, dead.Attempts);
        Assert.Equal("Queue 'test.pings' has no handler for message type 'tellal.test.pong.v1'.", dead.Reason);
        Assert.Equal(["fine"], await _node.NoteKeysAsync());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"key":["not","a","string"]}""")]
    [InlineData("null")]
    public async Task A_message_whose_data_cannot_be_read_is_dead_lettered_at_once_without_retries(string data)
    {
        var envelope = _node.Envelope(new Ping("x")) with { Data = data };

        var settlements = await _node.DispatchAsync(Pings, Delivery(envelope));

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(_node.Log.Handled);
        Assert.Empty(_node.Log.FinalFailures); // nothing readable to tell the handler about
        var dead = Assert.Single(await _node.DeadLettersAsync());
        Assert.Equal(1, dead.Attempts);
        Assert.Equal(data, dead.Data);
        Assert.Contains(nameof(PoisonMessageException), dead.Exception);
    }

    [Fact]
    public async Task A_handler_that_outlives_its_timeout_is_retried()
    {
        var impatient = Pings with { HandlerTimeout = TimeSpan.FromMilliseconds(50) };

        var settlements = await _node.Dispatcher.DispatchAsync(impatient, [Delivery(new Ping("slow", Block: true))], CancellationToken.None);

        Assert.Equal([Settlement.Complete], settlements);
        Assert.Equal(2, Assert.Single(await _node.OutboxAsync()).Attempt);
    }

    [Fact]
    public async Task Cancellation_while_handling_records_nothing_so_the_transport_can_release_the_message()
    {
        using var stopping = new CancellationTokenSource();
        var dispatch = _node.Dispatcher.DispatchAsync(Pings, [Delivery(new Ping("a")), Delivery(new Ping("stuck", Block: true))], stopping.Token);
        await _node.Log.Blocking.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await stopping.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatch);
        Assert.Empty(await _node.InboxAsync());
        Assert.Empty(await _node.NoteKeysAsync());
        Assert.Empty(await _node.OutboxAsync());
        Assert.Empty(await _node.DeadLettersAsync());
    }
}
