using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// Kafka (Confluent.Kafka): an idempotent producer with <c>acks=all</c> whose sends complete on the delivery reports,
/// and per queue a consumer group whose members commit offsets only past settled messages (<see cref="KafkaQueueConsumer"/>).
/// Kafka counts no deliveries, so the dispatcher counts the uncertain ones in the database.
/// </summary>
internal sealed class KafkaTransport : ITransport, IStreamInspection, IDisposable
{
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(2);
    private readonly KafkaOptions _options;
    private readonly KafkaTopology _topology;
    private readonly NodeIdentity _node;
    private readonly ILogger<KafkaTransport> _logger;
    private readonly string _bootstrapServers;
    private readonly KafkaHeadTimestamps _heads;
    private IProducer<string, byte[]>? _producer;

    public KafkaTransport(IConfiguration configuration, IOptions<KafkaOptions> options, MessageRegistry registry, QueueRoutes routes, NodeIdentity node,
        IOptions<NodeHeartbeatOptions> heartbeats, TimeProvider time, ILogger<KafkaTransport> logger)
    {
        _options = options.Value;
        _topology = new KafkaTopology(_options, registry, routes);
        _node = node;
        _logger = logger;
        _bootstrapServers = configuration.GetConnectionString(KafkaOptions.ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:kafka is not set.");
        // Sampled as often as nodes beat: the figure is for people and dashboards, not worth a fetch per view.
        _heads = new KafkaHeadTimestamps(_bootstrapServers, heartbeats.Value.Interval, time, logger);
    }

    public string Name => KafkaOptions.TransportName;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrapServers, ClientId = _node.InstanceId }).Build())
        {
            await _topology.DeclareAsync(admin, _logger, cancellationToken);
        }

        _producer ??= new ProducerBuilder<string, byte[]>(new ProducerConfig
            {
                BootstrapServers = _bootstrapServers,
                ClientId = _node.InstanceId,
                // Acknowledged by every in-sync replica, and no duplicates or reordering from the client's own retries.
                Acks = Acks.All,
                EnableIdempotence = true,
                LingerMs = 1,
            })
            .SetErrorHandler((_, error) => _logger.Log(error.IsFatal ? LogLevel.Error : LogLevel.Debug, "Kafka producer: {Error}", error))
            .Build();
    }

    public async Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException("The Kafka transport has not started.");
        // ProduceAsync completes on the delivery report; the producer keeps the order per partition, so the batch goes
        // out whole and is awaited together.
        await Task.WhenAll(messages.SelectMany(message => _topology.Destinations(message)
            .Select(topic => producer.ProduceAsync(topic, KafkaEnvelope.Message(message.Envelope), cancellationToken))));
    }

    public Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = _bootstrapServers,
            ClientId = _node.InstanceId,
            GroupId = _topology.Group(queue.Name),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnablePartitionEof = true,
            AllowAutoCreateTopics = false,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,
            HeartbeatIntervalMs = (int)(_options.SessionTimeout.TotalMilliseconds / 3),
            // A batch may take its handlers' whole timeout per message before the consumer polls again.
            MaxPollIntervalMs = (int)Math.Min(int.MaxValue, queue.HandlerTimeout.TotalMilliseconds * batchSize + 60_000),
            FetchWaitMaxMs = (int)_options.FetchWait.TotalMilliseconds,
        };
        return Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Factory.StartNew(
            () => new KafkaQueueConsumer(config, _topology, queue, batchSize, handler, _logger).Run(cancellationToken),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }

    public Task<TransportStreams> DescribeAsync(IReadOnlyList<QueueDefinition> queues, CancellationToken cancellationToken)
    {
        var producer = _producer ?? throw new InvalidOperationException("The Kafka transport has not started.");
        // The client's calls block: off the request's thread.
        return Task.Run(() => _heads.WithAges(KafkaStreams.Describe(producer, _bootstrapServers, _topology, queues)), cancellationToken);
    }

    /// <summary>Some broker answers a metadata request: the producer alone says nothing until it has something to send.</summary>
    public Task<bool> IsHealthyAsync(CancellationToken cancellationToken) => _producer is not { } producer
        ? Task.FromResult(false)
        : Task.Run(() =>
        {
            using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
            try
            {
                return admin.GetMetadata(HealthTimeout).Brokers.Count > 0;
            }
            catch (KafkaException)
            {
                return false;
            }
        }, cancellationToken);

    public void Dispose()
    {
        _heads.Dispose();
        _producer?.Flush(TimeSpan.FromSeconds(5));
        _producer?.Dispose();
    }
}
