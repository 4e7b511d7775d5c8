using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;

namespace Tellal.Messaging.Redis;

/// <summary>
/// Redis Streams with consumer groups (StackExchange.Redis): a send completes when every <c>XADD</c> of the batch has been
/// answered, which Redis does after appending it to its AOF (and, with <c>appendfsync always</c>, syncing it); consumers
/// read, renew, acknowledge and claim back as <see cref="RedisQueueConsumer"/> says. The connection reconnects by itself
/// after a Redis restart. Redis counts deliveries, but also counts the ones a consumer gave back (database down), so the
/// transport only says first or later delivery and the dispatcher counts the later ones in the database, as on RabbitMQ.
/// </summary>
internal sealed class RedisTransport : ITransport, IStreamInspection, IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ConcurrentDictionary<string, WakeSignal> _signals = new(StringComparer.Ordinal);
    private ConnectionMultiplexer? _connection;

    public RedisTransport(IConfiguration configuration, IOptions<RedisOptions> options, MessageRegistry registry, QueueRoutes routes, NodeIdentity node, ILogger<RedisTransport> logger)
    {
        Options = options.Value;
        Topology = new RedisTopology(Options, registry, routes);
        Node = node;
        Logger = logger;
        _configuration = ConfigurationOptions.Parse(configuration.GetConnectionString(RedisOptions.ConnectionName)
            ?? throw new InvalidOperationException("ConnectionStrings:redis is not set."));
        // Keep reconnecting in the background: Redis restarting must not end the node.
        _configuration.AbortOnConnectFail = false;
    }

    public string Name => RedisOptions.TransportName;

    internal RedisOptions Options { get; }

    internal RedisTopology Topology { get; }

    internal NodeIdentity Node { get; }

    internal ILogger Logger { get; }

    internal IDatabase Database => (_connection ?? throw new InvalidOperationException("The Redis transport has not started.")).GetDatabase();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _connection ??= await ConnectionMultiplexer.ConnectAsync(_configuration);
        cancellationToken.ThrowIfCancellationRequested();
        await Topology.DeclareAsync(Database);
    }

    public async Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var db = Database;
        var queues = new HashSet<string>(StringComparer.Ordinal);
        var adds = new List<Task>();
        foreach (var message in messages)
        {
            var fields = RedisEnvelope.Fields(message.Envelope);
            foreach (var queue in Topology.Destinations(message))
            {
                queues.Add(queue);
                adds.Add(db.StreamAddAsync(Topology.Stream(queue, message.Envelope.Priority), fields));
            }
        }

        // One connection pipelines the batch in order; every reply is awaited before the outbox lets go of the batch.
        await Task.WhenAll(adds);
        var subscriber = _connection!.GetSubscriber();
        foreach (var queue in queues)
        {
            subscriber.Publish(Topology.WakeChannel(queue), RedisValue.EmptyString, CommandFlags.FireAndForget);
        }
    }

    public async Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken)
    {
        var connection = _connection ?? throw new InvalidOperationException("The Redis transport has not started.");
        var signal = _signals.GetOrAdd(queue.Name, _ => new WakeSignal());
        var channel = Topology.WakeChannel(queue.Name);
        try
        {
            await connection.GetSubscriber().SubscribeAsync(channel, (_, _) => signal.Set());
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The client subscribes again once connected; meanwhile the consumers poll.
            Logger.LogWarning(exception, "Could not subscribe to the wake-ups of {Queue}; its consumers poll", queue.Name);
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(index =>
            new RedisQueueConsumer(this, queue.Name, index, batchSize, handler, signal).RunAsync(cancellationToken)));
    }

    /// <summary>
    /// Entries are deleted when acknowledged, so a stream's length is what waits plus what is in flight (pending). What
    /// waits comes after the group's last delivered entry; an entry's id starts with the millisecond it was added, so
    /// the first of those says since when the queue's oldest message waits.
    /// </summary>
    public async Task<TransportStreams> DescribeAsync(IReadOnlyList<QueueDefinition> queues, CancellationToken cancellationToken)
    {
        var db = Database;
        var depths = new List<QueueDepth>();
        foreach (var queue in queues)
        {
            long length = 0, pending = 0;
            DateTimeOffset? oldest = null;
            foreach (var stream in Topology.Streams(queue.Name))
            {
                var streamLength = await db.StreamLengthAsync(stream);
                var streamPending = (await db.StreamPendingAsync(stream, Topology.Group(queue.Name))).PendingMessageCount;
                length += streamLength;
                pending += streamPending;
                if (streamLength > streamPending && await OldestWaitingAsync(db, stream, Topology.Group(queue.Name)) is { } since && (oldest is null || since < oldest))
                {
                    oldest = since;
                }
            }

            depths.Add(new QueueDepth(queue.Name, length - pending, pending, length > pending ? oldest : null));
        }

        return new TransportStreams(Name, depths, []);
    }

    private static async Task<DateTimeOffset?> OldestWaitingAsync(IDatabase db, RedisKey stream, string group)
    {
        var lastDelivered = (await db.StreamGroupInfoAsync(stream)).FirstOrDefault(g => g.Name == group).LastDeliveredId ?? "0-0";
        // Inclusive range: the first entry may be the last delivered one itself, when it is still pending.
        var next = (await db.StreamRangeAsync(stream, lastDelivered, "+", count: 2)).FirstOrDefault(e => e.Id != lastDelivered);
        return next.IsNull || !long.TryParse(((string)next.Id!).Split('-')[0], out var ms) ? null : DateTimeOffset.FromUnixTimeMilliseconds(ms);
    }

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Database.PingAsync();
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
