using Confluent.Kafka;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Transport;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// What one consumer has fetched from its partitions and not yet handed out, and what it knows of each partition.
/// Batches come from the highest priority level with messages; a lower level waits while a higher one may still have
/// messages on their way (a partition that has not reported its end since it was assigned or sought), for at most
/// <c>patience</c>, so a broker that stops answering for one topic does not stop the others.
/// It also decides how sure a delivery is to be the first (see <see cref="PartitionState"/>).
/// </summary>
internal sealed class PriorityBuffer(IReadOnlyList<string> topicsHighestFirst, int capacity, TimeSpan patience, TimeProvider time)
{
    private readonly Dictionary<TopicPartition, PartitionState> _partitions = [];
    private long? _blockedSince;

    public int Count => _partitions.Values.Sum(p => p.Buffered.Count);

    public bool IsFull => Count >= capacity;

    public bool IsEmpty => Count == 0;

    public PartitionState? this[TopicPartition partition] => _partitions.GetValueOrDefault(partition);

    public void Assign(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions[partition] = new PartitionState(partition, Level(partition.Topic));
        }
    }

    /// <summary>Partitions given to another consumer: what was fetched from them is theirs to deliver now.</summary>
    public void Revoke(IEnumerable<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _partitions.Remove(partition);
        }
    }

    public void Add(ConsumeResult<string, byte[]> result, Envelope? envelope, int windowSize)
    {
        if (_partitions.TryGetValue(result.TopicPartition, out var state))
        {
            state.Add(result.Offset.Value, envelope, windowSize);
        }
    }

    public void ReachedEnd(TopicPartition partition)
    {
        if (_partitions.TryGetValue(partition, out var state))
        {
            state.AtEnd = true;
        }
    }

    /// <summary>Up to <paramref name="max"/> messages of the highest level that may go now, in offset order per partition.</summary>
    public List<(PartitionState Partition, Fetched Message)> Take(int max)
    {
        var batch = new List<(PartitionState, Fetched)>(max);
        var now = time.GetTimestamp();
        var waitedEnough = IsFull || (_blockedSince is { } since && time.GetElapsedTime(since, now) >= patience);
        for (var level = 0; level < topicsHighestFirst.Count && batch.Count == 0; level++)
        {
            var partitions = _partitions.Values.Where(p => p.Level == level).ToList();
            foreach (var partition in partitions.Where(p => p.Buffered.Count > 0))
            {
                while (batch.Count < max && partition.Buffered.TryDequeue(out var message))
                {
                    batch.Add((partition, message));
                }
            }

            if (batch.Count == 0 && !waitedEnough && partitions.Any(p => !p.AtEnd))
            {
                break;
            }
        }

        _blockedSince = batch.Count == 0 && !IsEmpty ? _blockedSince ?? now : null;
        return batch;
    }

    private int Level(string topic)
    {
        for (var i = 0; i < topicsHighestFirst.Count; i++)
        {
            if (topicsHighestFirst[i] == topic)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"Topic '{topic}' is not one of this queue's.");
    }
}

/// <param name="Envelope">Null when the record is not a readable Tellal message: it is skipped (committed) unhandled.</param>
internal sealed record Fetched(long Offset, Envelope? Envelope, int DeliveryCount, bool MaybeDeliveredBefore)
{
    /// <summary>Kafka counts no deliveries: the dispatcher counts the redelivered and the uncertain ones.</summary>
    public IncomingMessage ToIncoming(string queue) =>
        new(Envelope!, queue, DeliveryCount, CountedByTransport: false) { MaybeDeliveredBefore = MaybeDeliveredBefore };
}

/// <summary>
/// One assigned partition. How sure a delivery is to be the first: a message this consumer released and sought back to
/// is certainly a redelivery (count 2). The first messages after an assignment may have been handed out by the
/// partition's previous owner, which commits after every batch, so at most one batch beyond the committed offset was
/// handed out and not committed: those are "maybe delivered before", counted by the dispatcher from 1.
/// </summary>
internal sealed class PartitionState(TopicPartition partition, int level)
{
    public TopicPartition Partition { get; } = partition;

    public int Level { get; } = level;

    public Queue<Fetched> Buffered { get; } = new();

    /// <summary>No message is on its way: the partition reported its end after the last message fetched.</summary>
    public bool AtEnd { get; set; }

    /// <summary>The offset to commit: after the last message settled with no unsettled one before it.</summary>
    public long? CommitNext { get; set; }

    /// <summary>Messages below this offset may have been handed out by the partition's previous owner.</summary>
    private long? _uncertainBelow;

    /// <summary>Messages at or below this offset were released by this consumer and come again.</summary>
    private long _releasedUpTo = -1;

    public void Add(long offset, Envelope? envelope, int windowSize)
    {
        _uncertainBelow ??= offset + windowSize;
        var redelivered = offset <= _releasedUpTo;
        Buffered.Enqueue(new Fetched(offset, envelope, redelivered ? 2 : 1, !redelivered && offset < _uncertainBelow));
        AtEnd = false;
    }

    /// <summary>Forgets what was fetched after <paramref name="offset"/>: the consumer seeks back to it.</summary>
    public void Released(long offset)
    {
        _releasedUpTo = Math.Max(_releasedUpTo, offset);
        Buffered.Clear();
        AtEnd = false;
    }
}
