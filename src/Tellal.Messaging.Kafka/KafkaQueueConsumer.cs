using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// One member of a queue's consumer group. It runs on a thread of its own: the Kafka consumer is not thread-safe and
/// its <c>Consume</c> blocks, and the group's rebalance callbacks run inside that call, so fetching, handing batches to
/// the dispatcher and committing all happen on this one thread, and no batch is ever in flight while partitions move.
/// Offsets are committed after each batch, only up to the first released message of each partition (which the
/// consumer seeks back to, so it comes again); a crash or a rebalance before the commit redelivers, and the inbox
/// absorbs what had been handled.
/// </summary>
internal sealed class KafkaQueueConsumer(
    ConsumerConfig config,
    KafkaTopology topology,
    QueueDefinition queue,
    int batchSize,
    MessageBatchHandler handler,
    ILogger logger)
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PriorityPatience = TimeSpan.FromSeconds(1);

    private readonly PriorityBuffer _buffer = new(topology.Topics(queue.Name), Math.Max(4 * batchSize, 64), PriorityPatience, TimeProvider.System);

    public void Run(CancellationToken cancellationToken)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => _buffer.Assign(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => _buffer.Revoke(partitions.Select(p => p.TopicPartition)))
            .SetPartitionsLostHandler((_, partitions) => _buffer.Revoke(partitions.Select(p => p.TopicPartition)))
            .SetErrorHandler((_, error) => logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Debug, "Kafka consumer of {Queue}: {Error}", queue.Name, error))
            .Build();
        consumer.Subscribe(topology.Topics(queue.Name));
        var releasedInARow = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                Fetch(consumer);
                var batch = _buffer.Take(batchSize);
                if (batch.Count == 0)
                {
                    continue;
                }

                var settlements = Handle(batch, cancellationToken);
                // A released message comes straight back: while the database is down that would be a tight loop.
                releasedInARow = settlements.Contains(Settlement.Release) ? releasedInARow + 1 : 0;
                if (releasedInARow > 0)
                {
                    cancellationToken.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(releasedInARow, 10)))));
                }

                Settle(consumer, batch, settlements);
            }
        }
        finally
        {
            // Leaving the group at once lets the others take the partitions now rather than after the session timeout.
            consumer.Close();
        }
    }

    /// <summary>Waits a little for the first record when there is nothing to hand out, then takes whatever has arrived.</summary>
    private void Fetch(IConsumer<string, byte[]> consumer)
    {
        var wait = _buffer.IsEmpty ? IdleWait : TimeSpan.Zero;
        while (!_buffer.IsFull)
        {
            ConsumeResult<string, byte[]>? result;
            try
            {
                result = consumer.Consume(wait);
            }
            catch (ConsumeException exception)
            {
                logger.LogWarning(exception, "Fetching from {Queue} failed", queue.Name);
                return;
            }

            if (result is null)
            {
                return;
            }

            wait = TimeSpan.Zero;
            if (result.IsPartitionEOF)
            {
                _buffer.ReachedEnd(result.TopicPartition);
            }
            else
            {
                _buffer.Add(result, Read(result), batchSize);
            }
        }
    }

    private Envelope? Read(ConsumeResult<string, byte[]> result)
    {
        try
        {
            return KafkaEnvelope.Read(result.Message);
        }
        catch (FormatException exception)
        {
            // Not a Tellal message: nothing can handle it, and not committing past it would stop the partition forever.
            logger.LogError(exception, "Skipping an unreadable record at {Partition} offset {Offset}", result.TopicPartition, result.Offset);
            return null;
        }
    }

    private Settlement[] Handle(List<(PartitionState Partition, Fetched Message)> batch, CancellationToken cancellationToken)
    {
        var settlements = new Settlement[batch.Count];
        var readable = Enumerable.Range(0, batch.Count).Where(i => batch[i].Message.Envelope is not null).ToList();
        if (readable.Count == 0)
        {
            return settlements;
        }

        try
        {
            var handled = handler([.. readable.Select(i => batch[i].Message.ToIncoming(queue.Name))], cancellationToken)
                .GetAwaiter().GetResult();
            for (var i = 0; i < readable.Count; i++)
            {
                settlements[readable[i]] = handled[i];
            }
        }
        catch (Exception exception)
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Handling a batch failed; it will be delivered again");
            }

            foreach (var i in readable)
            {
                settlements[i] = Settlement.Release;
            }
        }

        return settlements;
    }

    private void Settle(IConsumer<string, byte[]> consumer, List<(PartitionState Partition, Fetched Message)> batch, Settlement[] settlements)
    {
        var released = new HashSet<PartitionState>();
        for (var i = 0; i < batch.Count; i++)
        {
            var (partition, message) = batch[i];
            if (released.Contains(partition))
            {
                continue; // nothing after a released message is committed: it comes again, the inbox absorbs what was handled
            }

            if (settlements[i] == Settlement.Complete)
            {
                partition.CommitNext = message.Offset + 1;
                continue;
            }

            released.Add(partition);
            partition.Released(message.Offset);
            try
            {
                consumer.Seek(new TopicPartitionOffset(partition.Partition, message.Offset));
            }
            catch (KafkaException exception)
            {
                // The partition moved away meanwhile: its new owner starts from the committed offset, before this message.
                logger.LogDebug(exception, "Could not seek {Partition} back to {Offset}", partition.Partition, message.Offset);
            }
        }

        var commits = batch.Select(b => b.Partition).Distinct()
            .Where(p => p.CommitNext is not null && _buffer[p.Partition] == p)
            .Select(p => new TopicPartitionOffset(p.Partition, p.CommitNext!.Value))
            .ToList();
        if (commits.Count == 0)
        {
            return;
        }

        try
        {
            consumer.Commit(commits);
        }
        catch (KafkaException exception)
        {
            // A rebalance took the partitions: their new owner gets these messages again and the inbox absorbs them.
            logger.LogDebug(exception, "Could not commit offsets of {Queue}", queue.Name);
        }
    }
}
