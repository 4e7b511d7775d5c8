using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Transport.Streams;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// Since when each lagging partition's oldest unsettled record waits: the timestamp of the record at the consumer group's
/// committed offset (the group's lag in time, as Kafka tools give it), which the producer stamps when the transport sends
/// it. Kafka has no such figure of its own, so the record is fetched: by a short-lived consumer that assigns itself the
/// partitions at those offsets (it never joins a group nor commits), reads one record each and is gone. That is done in the
/// background, once per sampling interval, for the partitions the last description found lagging; a description takes
/// the timestamps of the last sample.
/// </summary>
internal sealed class KafkaHeadTimestamps : IDisposable
{
    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(3);

    private readonly string _bootstrapServers;
    private readonly SampledFigure<IReadOnlyDictionary<TopicPartition, DateTimeOffset>> _heads;
    private volatile IReadOnlyList<TopicPartitionOffset> _wanted = [];

    public KafkaHeadTimestamps(string bootstrapServers, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _bootstrapServers = bootstrapServers;
        _heads = new("Kafka's records at the committed offsets", _ => Task.FromResult<IReadOnlyDictionary<TopicPartition, DateTimeOffset>>(Fetch(_wanted)), interval, time, logger);
    }

    /// <summary>The description with each lagging partition's oldest waiting time as of the last sample; asks for the next sample.</summary>
    public TransportStreams WithAges(TransportStreams streams)
    {
        _wanted = [.. streams.Topics.SelectMany(topic => topic.Partitions
            .Where(p => p.Lag > 0)
            .Select(p => new TopicPartitionOffset(topic.Topic, p.Partition, p.Committed ?? p.LowWatermark)))];
        var heads = _heads.Current();
        if (heads is null)
        {
            return streams;
        }

        return streams with
        {
            Topics = [.. streams.Topics.Select(topic => topic with
            {
                Partitions = [.. topic.Partitions.Select(p => p.Lag > 0 && heads.TryGetValue(new TopicPartition(topic.Topic, p.Partition), out var since)
                    ? p with { OldestWaitingSince = since }
                    : p)],
            })],
        };
    }

    public void Dispose() => _heads.Dispose();

    private Dictionary<TopicPartition, DateTimeOffset> Fetch(IReadOnlyList<TopicPartitionOffset> wanted)
    {
        var found = new Dictionary<TopicPartition, DateTimeOffset>();
        if (wanted.Count == 0)
        {
            return found;
        }

        using var reader = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            // Required by the client, never used: the reader assigns itself its partitions and commits nothing.
            GroupId = "tellal-streams-view",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
            // One record per partition is all it wants.
            MaxPartitionFetchBytes = 64 * 1024,
        }).Build();
        reader.Assign(wanted);
        var deadline = DateTime.UtcNow + FetchTimeout;
        var settled = new HashSet<TopicPartition>();
        while (settled.Count < wanted.Count && deadline - DateTime.UtcNow is { Ticks: > 0 } left)
        {
            if (reader.Consume(left) is not { } result)
            {
                break;
            }

            // The first answer of a partition is the one: its record at the offset, or its end when its records are gone
            // (retention), which leaves it without a timestamp. Records fetched after it are not looked at.
            if (settled.Add(result.TopicPartition))
            {
                if (!result.IsPartitionEOF && result.Message.Timestamp.Type != TimestampType.NotAvailable)
                {
                    found[result.TopicPartition] = result.Message.Timestamp.UtcDateTime;
                }

                reader.Pause([result.TopicPartition]);
            }
        }

        reader.Close();
        return found;
    }
}
