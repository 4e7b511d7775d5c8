using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Tellal.Platform.Hosting.Coordination;

/// <summary>
/// The channel over Redis pub/sub, on the process's one Redis connection: one Redis channel carries every topic
/// (<c>topic\nmessage</c>), so a node holds a single subscription whatever it listens to. Pub/sub keeps nothing for
/// a node that is away, which is what this channel promises (hints, not records); the multiplexer subscribes again by
/// itself after a cut, and that moment raises <see cref="Resynchronize"/>.
/// </summary>
public sealed partial class RedisCoordinationChannel(RedisConnection redis, ILogger<RedisCoordinationChannel> logger)
    : BackgroundService, ICoordinationChannel
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("coordination");
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _handlers = new();

    public event Action? Resynchronize;

    public async Task PublishAsync(string topic, string message, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await redis.ConnectAsync().WaitAsync(cancellationToken);
            await connection.GetSubscriber().PublishAsync(Channel, $"{topic}\n{message}");
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            // The change this announces has committed; nodes that did not hear of it re-check within their interval.
            LogNotPublished(logger, exception, topic);
        }
    }

    public void Subscribe(string topic, Action<string> onMessage) =>
        _handlers.AddOrUpdate(topic, _ => new([onMessage]), (_, existing) => new([.. existing.All, onMessage]));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A node starts while Redis may be down: keep trying; until then subscribers rely on their re-check interval.
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var connection = await redis.ConnectAsync().WaitAsync(stoppingToken);
                connection.ConnectionRestored += (_, restored) =>
                {
                    if (restored.ConnectionType == ConnectionType.Subscription)
                    {
                        Resynchronize?.Invoke();
                    }
                };
                await connection.GetSubscriber().SubscribeAsync(Channel, (_, value) => Deliver(value));
                // Anything said before the subscription held was missed.
                Resynchronize?.Invoke();
                return;
            }
            catch (Exception exception) when (exception is RedisException or TimeoutException)
            {
                LogNotSubscribed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private void Deliver(RedisValue value)
    {
        var text = (string?)value ?? "";
        var split = text.IndexOf('\n');
        if (split > 0 && _handlers.TryGetValue(text[..split], out var handlers))
        {
            handlers.Deliver(text[(split + 1)..]);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not announce {Topic} on the coordination channel; other nodes re-check on their own")]
    private static partial void LogNotPublished(ILogger logger, Exception exception, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not subscribe to the coordination channel yet; trying again")]
    private static partial void LogNotSubscribed(ILogger logger, Exception exception);
}
