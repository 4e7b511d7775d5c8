using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Dispatch;

/// <summary>
/// Turns deliveries into effects that happen once. A batch is handled in one scope and committed in one
/// transaction (handlers' state, their outgoing messages, and one inbox row per message), which is what makes
/// the database writes cheap per message. If anything in the batch fails, the batch is discarded and its
/// messages are handled one by one, so one poison message cannot hold back the others. A message delivered more than
/// <c>MaxDeliveries</c> times without being settled (its handler kills the process) is dead-lettered unhandled; where the
/// transport cannot count deliveries, <see cref="DeliveryCounter"/> counts them in the database.
/// </summary>
internal sealed class MessageDispatcher(
    IServiceScopeFactory scopes,
    MessageRegistry registry,
    OutboxWriter outbox,
    PendingMessages pending,
    MessagingMetrics metrics,
    TimeProvider time,
    IOptions<MessagingOptions> options,
    ILogger<MessageDispatcher> logger)
{
    private readonly RetryPolicy _retries = new(options.Value);

    public async Task<IReadOnlyList<Settlement>> DispatchAsync(QueueDefinition queue, IReadOnlyList<IncomingMessage> deliveries, CancellationToken cancellationToken)
    {
        var batch = deliveries.ToArray();
        var settlements = new Settlement[batch.Length];
        var pending = new List<int>();
        // One scope (one context, one pooled connection) serves the inbox lookup and the batch itself.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var handled = await HandledIdsAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), queue.Name, batch.Select(m => m.Envelope.Id), cancellationToken);
            for (var i = 0; i < batch.Length; i++)
            {
                if (handled.Contains(batch[i].Envelope.Id))
                {
                    metrics.Duplicate(queue.Name, batch[i].Envelope.Type);
                    settlements[i] = Settlement.Complete;
                    continue;
                }

                if (batch[i].NeedsCounting)
                {
                    batch[i] = batch[i] with { DeliveryCount = await CountRedeliveryAsync(queue, batch[i], cancellationToken) };
                }

                if (batch[i].DeliveryCount > options.Value.MaxDeliveries)
                {
                    settlements[i] = await RecordFailureAsync(queue, batch[i], new PoisonMessageException(
                        $"Delivered {batch[i].DeliveryCount} times without being settled: its consumer keeps dying."), cancellationToken);
                }
                else
                {
                    pending.Add(i);
                }
            }

            if (pending.Count == 0)
            {
                await ForgetCountsAsync(queue, batch, settlements);
                return settlements;
            }

            try
            {
                await HandleAndCommitAsync(scope.ServiceProvider, queue, pending.Select(i => batch[i]).ToList(), cancellationToken);
                await ForgetCountsAsync(queue, batch, settlements);
                return settlements;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && pending.Count == 1)
            {
                settlements[pending[0]] = await RecordFailureAsync(queue, batch[pending[0]], exception, cancellationToken);
                await ForgetCountsAsync(queue, batch, settlements);
                return settlements;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(exception, "Batch of {Count} on {Queue} failed; handling its messages one by one", pending.Count, queue.Name);
            }
        }

        foreach (var i in pending)
        {
            settlements[i] = await HandleOneAsync(queue, batch[i], cancellationToken);
        }

        await ForgetCountsAsync(queue, batch, settlements);
        return settlements;
    }

    private async Task<int> CountRedeliveryAsync(QueueDefinition queue, IncomingMessage message, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await DeliveryCounter.CountRedeliveryAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(),
            queue.Name, message.Envelope, message.DeliveryCount, time.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);
    }

    /// <summary>
    /// After the settlements committed: a count left behind (this fails, the node dies) is harmless until the same
    /// attempt of the same message is delivered again, which only a replay does, and the replay clears it.
    /// </summary>
    private async Task ForgetCountsAsync(QueueDefinition queue, IncomingMessage[] batch, Settlement[] settlements)
    {
        var settled = batch.Where((m, i) => m.NeedsCounting && settlements[i] == Settlement.Complete).Select(m => m.Envelope.Id).ToList();
        if (settled.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await DeliveryCounter.ForgetAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), queue.Name, settled, CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not clear the delivery counts of {Count} settled message(s) on {Queue}", settled.Count, queue.Name);
        }
    }

    private async Task<Settlement> HandleOneAsync(QueueDefinition queue, IncomingMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await HandleAndCommitAsync(scope.ServiceProvider, queue, [message], cancellationToken);
            return Settlement.Complete;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            return await RecordFailureAsync(queue, message, exception, cancellationToken);
        }
    }

    private async Task HandleAndCommitAsync(IServiceProvider services, QueueDefinition queue, List<IncomingMessage> messages, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var db = services.GetRequiredService<TellalDbContext>();
        var now = time.GetUtcNow();
        await using var transaction = queue.HandlersInTransaction ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        // Batch handlers get all their messages at once, after the others: their one call is the point of them.
        var batched = new Dictionary<HandlerRegistration, List<object>>();
        foreach (var message in messages)
        {
            var (registration, body) = Resolve(queue, message.Envelope);
            if (registration.InvokeBatch is not null)
            {
                (batched.TryGetValue(registration, out var bodies) ? bodies : batched[registration] = []).Add(body);
            }
            else
            {
                await InvokeHandlerAsync(services, queue, message, registration, body, cancellationToken);
            }

            pending.AddInbox(db, new InboxEntry
            {
                Consumer = queue.Name,
                MessageId = message.Envelope.Id,
                HandledAt = now.ToUnixTimeMilliseconds(),
            });
        }

        foreach (var (registration, bodies) in batched)
        {
            using var activity = MessagingMetrics.ActivitySource.StartActivity($"handle {registration.TypeName} x{bodies.Count}", ActivityKind.Consumer);
            activity?.SetTag("messaging.destination.name", queue.Name);
            activity?.SetTag("messaging.batch.message_count", bodies.Count);
            await WithTimeoutAsync(queue, ct => registration.InvokeBatch!(services, bodies, ct), cancellationToken);
        }

        foreach (var message in messages)
        {
            if (message.Receipt is { } receipt)
            {
                pending.DeleteQueued(db, receipt.Seq);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var message in messages)
        {
            message.Receipt?.Committed();
        }

        metrics.Handled(queue.Name, messages.Select(m => m.Envelope.Type), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        foreach (var message in messages)
        {
            metrics.Latency(queue.Name, (time.GetUtcNow() - message.Envelope.Time).TotalMilliseconds);
        }
    }

    private (HandlerRegistration Registration, object Body) Resolve(QueueDefinition queue, Envelope envelope)
    {
        var registration = registry.Handler(queue.Name, envelope.Type)
            ?? throw new PoisonMessageException($"Queue '{queue.Name}' has no handler for message type '{envelope.Type}'.");
        try
        {
            return (registration, JsonSerializer.Deserialize(envelope.Data, registration.MessageType, OutboxPublisher.Json)
                ?? throw new PoisonMessageException("The message data is null."));
        }
        catch (JsonException exception)
        {
            throw new PoisonMessageException($"The data is not a valid {registration.MessageType.Name}: {exception.Message}", exception);
        }
    }

    private static async Task InvokeHandlerAsync(IServiceProvider services, QueueDefinition queue, IncomingMessage message,
        HandlerRegistration registration, object body, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        using var activity = MessagingMetrics.ActivitySource.StartActivity(
            $"handle {envelope.Type}", ActivityKind.Consumer, envelope.TraceParent);
        activity?.SetTag("messaging.destination.name", queue.Name);
        activity?.SetTag("messaging.message.id", envelope.Id.ToString());
        await WithTimeoutAsync(queue, ct => registration.Invoke(services, body, new MessageContext(envelope, queue.Name, message.DeliveryCount), ct), cancellationToken);
    }

    private static async Task WithTimeoutAsync(QueueDefinition queue, Func<CancellationToken, Task> handle, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(queue.HandlerTimeout);
        try
        {
            await handle(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The handler did not finish within {queue.HandlerTimeout}.");
        }
    }

    /// <summary>
    /// Schedules the next attempt through the outbox (so delayed retries work the same on every transport), or
    /// stores a dead letter after the last one. If even that cannot be written (database down), the message is
    /// released and comes back later without using up an attempt.
    /// </summary>
    private async Task<Settlement> RecordFailureAsync(QueueDefinition queue, IncomingMessage message, Exception failure, CancellationToken cancellationToken)
    {
        var envelope = message.Envelope;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            if ((await HandledIdsAsync(db, queue.Name, [envelope.Id], cancellationToken)).Count > 0)
            {
                return Settlement.Complete; // a concurrent delivery of the same message committed first
            }

            var retry = _retries.For(envelope.Type);
            var now = time.GetUtcNow();
            if (failure is not PoisonMessageException && envelope.Attempt < retry.MaxAttempts)
            {
                var delay = RetryPolicy.Delay(retry, envelope.Attempt, Random.Shared.NextDouble());
                outbox.Add(db, envelope with { Attempt = envelope.Attempt + 1 }, queue.Name, now + delay);
                logger.LogWarning(failure, "Attempt {Attempt}/{MaxAttempts} of {Type} {Id} on {Queue} failed; retrying in {Delay}",
                    envelope.Attempt, retry.MaxAttempts, envelope.Type, envelope.Id, queue.Name, delay);
                metrics.Retried(queue.Name, envelope.Type);
            }
            else if (await db.Set<DeadLetter>().AnyAsync(d => d.Queue == queue.Name && d.MessageId == envelope.Id && d.ReplayedAt == null, cancellationToken))
            {
                // A redelivery of a message already dead-lettered (on Kafka, its offset commit lost to a rebalance): one dead
                // letter, and one final-failure hook, per failure.
                metrics.Duplicate(queue.Name, envelope.Type);
                return Settlement.Complete;
            }
            else
            {
                var dead = AddDeadLetter(db, queue, envelope, failure.Message, failure.ToString(), now);
                try
                {
                    await NotifyFinalFailureAsync(scope.ServiceProvider, queue, message, dead.Reason, cancellationToken);
                }
                catch (Exception hookFailure) when (!cancellationToken.IsCancellationRequested)
                {
                    // Releasing would bring the message back to this same hook forever; it is dead-lettered without the hook's changes.
                    logger.LogError(hookFailure, "The final-failure hook of {Type} {Id} on {Queue} failed; dead-lettering the message without it",
                        envelope.Type, envelope.Id, queue.Name);
                    await using var clean = scopes.CreateAsyncScope();
                    var cleanDb = clean.ServiceProvider.GetRequiredService<TellalDbContext>();
                    dead = AddDeadLetter(cleanDb, queue, envelope, $"{failure.Message} (and its final-failure hook failed: {hookFailure.Message})",
                        $"{failure}{Environment.NewLine}Final-failure hook:{Environment.NewLine}{hookFailure}", now);
                    await cleanDb.SaveChangesAsync(cancellationToken);
                    metrics.DeadLettered(queue.Name, envelope.Type);
                    return Settlement.Complete;
                }

                logger.LogError(failure, "{Type} {Id} on {Queue} failed for good after {Attempt} attempt(s); dead letter {DeadLetterId}",
                    envelope.Type, envelope.Id, queue.Name, envelope.Attempt, dead.Id);
                metrics.DeadLettered(queue.Name, envelope.Type);
            }

            await db.SaveChangesAsync(cancellationToken);
            return Settlement.Complete;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(exception, "Could not record the failure of {Type} {Id}; releasing it for redelivery", envelope.Type, envelope.Id);
            return Settlement.Release;
        }
    }

    private static DeadLetter AddDeadLetter(TellalDbContext db, QueueDefinition queue, Envelope envelope, string reason, string exception, DateTimeOffset now)
    {
        var dead = new DeadLetter
        {
            Id = Guid.CreateVersion7(),
            Queue = queue.Name,
            Attempts = envelope.Attempt,
            Reason = Truncate(reason, 2000),
            Exception = exception,
            FailedAt = now.ToUnixTimeMilliseconds(),
        };
        dead.CopyFrom(envelope);
        db.Set<DeadLetter>().Add(dead);
        return dead;
    }

    /// <summary>Lets the handler record the failure in its own state, in the dead letter's transaction.</summary>
    private async Task NotifyFinalFailureAsync(IServiceProvider services, QueueDefinition queue, IncomingMessage message, string reason, CancellationToken cancellationToken)
    {
        var registration = registry.Handler(queue.Name, message.Envelope.Type);
        if (registration?.OnFinalFailure is null)
        {
            return;
        }

        try
        {
            var body = JsonSerializer.Deserialize(message.Envelope.Data, registration.MessageType, OutboxPublisher.Json);
            if (body is not null)
            {
                await registration.OnFinalFailure(services, body, new MessageContext(message.Envelope, queue.Name, message.DeliveryCount), reason, cancellationToken);
            }
        }
        catch (JsonException)
        {
            // Unreadable data: there is nothing to tell the handler about; the dead letter says why.
        }
    }

    /// <summary>
    /// The ids among <paramref name="ids"/> this queue has handled. Plain SQL on the context's connection: it runs for every
    /// batch, and EF Core's query pipeline cost more CPU here than the query itself (profiled at 200 messages/s).
    /// </summary>
    private static async Task<HashSet<Guid>> HandledIdsAsync(TellalDbContext db, string queue, IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = await db.CreateCommandAsync("", cancellationToken);
        var matches = SqlDialect.Matches(command, "message_id", "m", ids.Select(id => id.ToString()).ToList());
        command.CommandText = $"SELECT message_id FROM {MessagingModel.InboxTable} WHERE consumer = @consumer AND {matches}";
        SqlDialect.AddParameter(command, "@consumer", queue);
        var found = new HashSet<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(Guid.Parse(reader.GetString(0)));
        }

        return found;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
