using StackExchange.Redis;

namespace Tellal.Platform.Hosting;

/// <summary>
/// The process's one connection to Redis when <c>ConnectionStrings:redis</c> (a StackExchange.Redis configuration
/// string, the name .NET Aspire injects) is set; web nodes share what must be shared through it. Made on first
/// use and awaited, never waited on: a synchronous connect blocks the request threads that need it.
/// </summary>
public sealed class RedisConnection
{
    public const string Name = "redis";

    private readonly Lazy<Task<IConnectionMultiplexer>> _connection;

    public RedisConnection(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration);
        // Keep trying in the background: a node must start (and say "not ready") while Redis is down.
        options.AbortOnConnectFail = false;
        options.ChannelPrefix = RedisChannel.Literal("tellal");
        _connection = new(async () => await ConnectionMultiplexer.ConnectAsync(options));
    }

    public Task<IConnectionMultiplexer> ConnectAsync() => _connection.Value;
}
