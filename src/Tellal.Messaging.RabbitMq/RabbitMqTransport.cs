using System.Threading.Channels;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;

namespace Tellal.Messaging.RabbitMq;

/// <summary>
/// RabbitMQ (RabbitMQ.Client 7): persistent messages published with confirms, manual acks with bounded prefetch,
/// and the client's automatic recovery after a broker restart. Deliveries are gathered into batches so the
/// dispatcher can commit many messages in one transaction, as it does on every transport.
/// </summary>
internal sealed class RabbitMqTransport : ITransport, IStreamInspection, IAsyncDisposable
{
    private readonly RabbitMqTopology _topology;
    private readonly ConnectionFactory _factory;
    private readonly ILogger<RabbitMqTransport> _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _publishLock = new(1, 1);
    private readonly RabbitMqHeadTimestamps? _managementApi;
    private readonly SampledFigure<IReadOnlyDictionary<string, DateTimeOffset>>? _heads;
    private IConnection? _connection;
    private IChannel? _publisher;

    public RabbitMqTransport(IConfiguration configuration, IOptions<RabbitMqOptions> options, MessageRegistry registry, QueueRoutes routes, NodeIdentity node,
        IOptions<NodeHeartbeatOptions> heartbeats, TimeProvider time, ILogger<RabbitMqTransport> logger)
    {
        _topology = new RabbitMqTopology(options.Value, registry, routes);
        _logger = logger;
        _time = time;
        var uri = new Uri(configuration.GetConnectionString(RabbitMqOptions.ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:rabbitmq is not set."));
        if (options.Value.ManagementUri is { } managementUri)
        {
            // Sampled as often as nodes beat: the figure is for people and dashboards, not worth a request per view.
            _managementApi = new RabbitMqHeadTimestamps(managementUri, uri, _topology.QueueName(""));
            _heads = new("RabbitMQ's management API", _managementApi.ReadAsync, heartbeats.Value.Interval, time, logger);
        }

        _factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(2),
            ClientProvidedName = node.InstanceId,
        };
    }

    public string Name => RabbitMqOptions.TransportName;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection ??= await _factory.CreateConnectionAsync(cancellationToken);
        // The client's default limit of 128 unconfirmed publishes throttles a relay sending a batch: confirm per batch instead.
        _publisher ??= await _connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
            cancellationToken);
        await _topology.DeclareAsync(_publisher, cancellationToken);
    }

    public async Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var channel = _publisher ?? throw new InvalidOperationException("The RabbitMQ transport has not started.");
        // Every publish completes when the broker confirms it. The lock covers only handing the batch to the channel, which
        // keeps a batch in order; waiting for the confirms is outside it, so the next batch goes out meanwhile.
        List<Task> confirms;
        var sentAt = _time.GetUtcNow();
        await _publishLock.WaitAsync(cancellationToken);
        try
        {
            confirms = messages.Select(message => message.Destination is { } queue
                    ? channel.BasicPublishAsync("", _topology.QueueName(queue), false, AmqpEnvelope.Properties(message.Envelope, sentAt), Body(message), cancellationToken)
                    : channel.BasicPublishAsync(_topology.Exchange, message.Envelope.Type, false, AmqpEnvelope.Properties(message.Envelope, sentAt), Body(message), cancellationToken))
                .Select(publish => publish.AsTask())
                .ToList();
        }
        finally
        {
            _publishLock.Release();
        }

        await Task.WhenAll(confirms);
    }

    /// <summary>
    /// Messages ready in each queue (a passive declare does not count those delivered and not yet acked), and with the
    /// management API configured, since when the message at each queue's head waits, as of the last sample.
    /// </summary>
    public async Task<TransportStreams> DescribeAsync(IReadOnlyList<QueueDefinition> queues, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The RabbitMQ transport has not started.");
        var heads = _heads?.Current();
        // A channel of its own: a passive declare of a missing queue closes the channel it runs on.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        var depths = new List<QueueDepth>();
        foreach (var queue in queues)
        {
            var name = _topology.QueueName(queue.Name);
            var declared = await channel.QueueDeclarePassiveAsync(name, cancellationToken);
            // The depth is now, the head as of the sample: a queue emptied since has no age.
            var since = declared.MessageCount > 0 && heads is not null && heads.TryGetValue(name, out var head) ? head : (DateTimeOffset?)null;
            depths.Add(new QueueDepth(queue.Name, declared.MessageCount, InFlight: null, since));
        }

        return new TransportStreams(Name, depths, []);
    }

    /// <summary>
    /// One channel per queue, whose deliveries every handling loop takes from: a message goes to whichever loop is free, and
    /// never waits behind a batch that is slow to commit while another loop idles (with a channel per loop it did: the broker
    /// hands each channel its share). The loops settle on the shared channel through an <see cref="AckWindow"/>.
    /// </summary>
    public async Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The RabbitMQ transport has not started.");
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        // A batching loop has its next batch buffered while it handles one (with a batch's worth only, the next batch
        // trickles in after the ack, and batches shrink: measured, 15-25 % fewer jobs/s). A one-at-a-time loop (long
        // handlers: reports) buffers nothing, so no message waits behind a long handler while another node idles.
        var prefetch = concurrency * (batchSize == 1 ? 1 : 2 * batchSize);
        await channel.BasicQosAsync(0, (ushort)Math.Min(ushort.MaxValue, prefetch), false, cancellationToken);
        var deliveries = Channel.CreateUnbounded<Delivery>(new UnboundedChannelOptions { SingleWriter = true });
        using var acks = new AckWindow(frame => frame.Kind switch
        {
            AckKind.Release => channel.BasicNackAsync(frame.Tag, multiple: false, requeue: true).AsTask(),
            AckKind.CompleteUpTo => channel.BasicAckAsync(frame.Tag, multiple: true).AsTask(),
            _ => channel.BasicAckAsync(frame.Tag, multiple: false).AsTask(),
        });
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, received) => await ReceiveAsync(channel, acks, queue.Name, received, deliveries.Writer);
        await channel.BasicConsumeAsync(_topology.QueueName(queue.Name), autoAck: false, consumer, cancellationToken);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => HandleLoopAsync(acks, deliveries.Reader, batchSize, handler, cancellationToken)));
    }

    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => Task.FromResult(_connection?.IsOpen == true);

    public async ValueTask DisposeAsync()
    {
        if (_publisher is not null)
        {
            await _publisher.DisposeAsync();
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _publishLock.Dispose();
        _heads?.Dispose();
        _managementApi?.Dispose();
    }

    private static ReadOnlyMemory<byte> Body(OutgoingMessage message) => System.Text.Encoding.UTF8.GetBytes(message.Envelope.Data);

    private async Task ReceiveAsync(IChannel channel, AckWindow acks, string queue, BasicDeliverEventArgs received, ChannelWriter<Delivery> deliveries)
    {
        Envelopes.Envelope envelope;
        try
        {
            envelope = AmqpEnvelope.Read(received.BasicProperties, received.Body.Span);
        }
        catch (FormatException exception)
        {
            // Not a Tellal message: nothing can handle it, and requeueing would loop forever.
            _logger.LogError(exception, "Discarding an unreadable message from {Queue}", queue);
            await channel.BasicNackAsync(received.DeliveryTag, multiple: false, requeue: false);
            return;
        }

        acks.Received(received.DeliveryTag);
        // Classic queues do not count deliveries; "redelivered" tells a first delivery from a later one, and the
        // dispatcher counts the later ones in the database.
        await deliveries.WriteAsync(new Delivery(received.DeliveryTag,
            new IncomingMessage(envelope, queue, received.Redelivered ? 2 : 1, CountedByTransport: false)));
    }

    private async Task HandleLoopAsync(AckWindow acks, ChannelReader<Delivery> deliveries, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken)
    {
        var releasedInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var batch = new List<Delivery>(batchSize);
            try
            {
                batch.Add(await deliveries.ReadAsync(cancellationToken));
            }
            catch (OperationCanceledException)
            {
                return;
            }

            while (batch.Count < batchSize && deliveries.TryRead(out var next))
            {
                batch.Add(next);
            }

            IReadOnlyList<Settlement> settlements;
            try
            {
                settlements = await handler(batch.Select(d => d.Message).ToList(), cancellationToken);
            }
            catch (Exception exception)
            {
                if (!cancellationToken.IsCancellationRequested)
                {
                    _logger.LogWarning(exception, "Handling a batch failed; returning it to the queue");
                }

                settlements = batch.Select(_ => Settlement.Release).ToList();
            }

            // A released message comes straight back from the broker: while the database is down that would be a
            // tight loop. Holding the batch a little longer (growing, capped) before giving it back slows it down.
            releasedInARow = settlements.Contains(Settlement.Release) ? releasedInARow + 1 : 0;
            if (releasedInARow > 0 && !cancellationToken.IsCancellationRequested)
            {
                await DelayAsync(TimeSpan.FromMilliseconds(Math.Min(5_000, 100 * Math.Pow(2, Math.Min(releasedInARow, 10)))), cancellationToken);
            }

            await SettleAsync(acks, batch, settlements);
        }
    }

    private static async Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: settle at once so the broker can hand the batch to another node.
        }
    }

    private async Task SettleAsync(AckWindow acks, List<Delivery> batch, IReadOnlyList<Settlement> settlements)
    {
        try
        {
            await acks.SettleAsync(
                batch.Where((_, i) => settlements[i] == Settlement.Complete).Select(d => d.Tag).ToHashSet(),
                batch.Where((_, i) => settlements[i] != Settlement.Complete).Select(d => d.Tag).ToList());
        }
        catch (Exception exception) when (exception is AlreadyClosedException or OperationInterruptedException)
        {
            // The channel died (broker restart): the broker delivers the batch again, the inbox absorbs the repeats.
            _logger.LogDebug(exception, "Could not settle {Count} deliveries; they will be redelivered", batch.Count);
        }
    }

    private sealed record Delivery(ulong Tag, IncomingMessage Message);
}
