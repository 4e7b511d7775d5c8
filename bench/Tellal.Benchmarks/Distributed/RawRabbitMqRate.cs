using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Tellal.Benchmarks.Distributed;

/// <summary>
/// The broker's own ceiling on this machine, with what Tellal asks of it: persistent 200-byte messages into a
/// durable queue, each publish awaited until confirmed (256 outstanding at a time), consumed concurrently with
/// manual acks (prefetch 200). No Tellal code involved: plain RabbitMQ.Client.
/// </summary>
public static class RawRabbitMqRate
{
    private const int Outstanding = 256;

    public sealed record Result(int Messages, double PublishConfirmPerSecond, double EndToEndPerSecond);

    public static async Task<Result> MeasureAsync(string amqpUri, int messages, TimeSpan timeout)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync("tellal-bench-raw");
        await using var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null));
        await using var consumer = await connection.CreateChannelAsync();
        var queue = $"tellal-bench-raw-{Guid.NewGuid():N}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
        try
        {
            await consumer.BasicQosAsync(0, 200, false);
            var consumed = 0;
            var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var receiver = new AsyncEventingBasicConsumer(consumer);
            receiver.ReceivedAsync += async (_, delivery) =>
            {
                await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                if (Interlocked.Increment(ref consumed) == messages)
                {
                    allConsumed.TrySetResult();
                }
            };
            await consumer.BasicConsumeAsync(queue, autoAck: false, receiver);

            var body = new byte[200];
            var properties = new BasicProperties { Persistent = true };
            var clock = Stopwatch.StartNew();
            var window = new List<Task>(Outstanding);
            for (var i = 0; i < messages; i++)
            {
                window.Add(publisher.BasicPublishAsync(string.Empty, queue, mandatory: false, properties, body).AsTask());
                if (window.Count == Outstanding)
                {
                    await Task.WhenAll(window);
                    window.Clear();
                }
            }

            await Task.WhenAll(window);
            var published = clock.Elapsed;
            await allConsumed.Task.WaitAsync(timeout);
            var total = clock.Elapsed;
            return new Result(messages, messages / published.TotalSeconds, messages / total.TotalSeconds);
        }
        finally
        {
            await publisher.QueueDeleteAsync(queue);
        }
    }
}
