using System.Diagnostics;
using Confluent.Kafka;

namespace Tellal.Benchmarks.Rentals;

/// <summary>
/// The cluster's own ceiling for the rental flow's shape, with plain Confluent.Kafka and no Tellal code: N 200-byte
/// messages produced to a first topic (acks=all, idempotence on, as the transport produces), a consumer group reads
/// them and produces each to a second topic (the reservation's outcome), and a second group reads those. The rate is N
/// over the time from the first produce to the last message read from the second topic.
/// </summary>
public static class RawKafkaRate
{
    public static async Task<double> MeasureAsync(string bootstrapServers, int messages, TimeSpan timeout)
    {
        var prefix = $"raw-{Guid.NewGuid():N}"[..16];
        var (orders, outcomes) = ($"{prefix}.orders", $"{prefix}.outcomes");
        var producerConfig = new ProducerConfig { BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, LingerMs = 5 };
        using var producer = new ProducerBuilder<string, byte[]>(producerConfig).Build();
        // Asking for the topics by name has the mock create them (it answers no CreateTopics), before the clock starts.
        using (var admin = new DependentAdminClientBuilder(producer.Handle).Build())
        {
            admin.GetMetadata(orders, TimeSpan.FromSeconds(10));
            admin.GetMetadata(outcomes, TimeSpan.FromSeconds(10));
        }

        using var stop = new CancellationTokenSource(timeout);
        var relayed = Task.Run(() => Consume(bootstrapServers, $"{prefix}.relay", orders, messages, m => ProduceWaitingForRoom(producer, outcomes, m), stop.Token));
        var received = Task.Run(() => Consume(bootstrapServers, $"{prefix}.sink", outcomes, messages, _ => { }, stop.Token));
        var body = new byte[200];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < messages; i++)
        {
            ProduceWaitingForRoom(producer, orders, new Message<string, byte[]> { Key = $"{i % 100}", Value = body });
        }

        await relayed;
        await received;
        return messages / clock.Elapsed.TotalSeconds;
    }

    private static void Consume(string bootstrapServers, string group, string topic, int messages, Action<Message<string, byte[]>> each, CancellationToken ct)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = group, AutoOffsetReset = AutoOffsetReset.Earliest, SessionTimeoutMs = 3000 };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(topic);
        for (var read = 0; read < messages;)
        {
            if (consumer.Consume(ct) is { IsPartitionEOF: false } result)
            {
                each(result.Message);
                read++;
            }
        }

        consumer.Close();
    }

    /// <summary>The producer's local queue is bounded: when it is full, let it deliver before producing more.</summary>
    private static void ProduceWaitingForRoom(IProducer<string, byte[]> producer, string topic, Message<string, byte[]> message)
    {
        while (true)
        {
            try
            {
                producer.Produce(topic, message);
                return;
            }
            catch (ProduceException<string, byte[]> exception) when (exception.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }
}
