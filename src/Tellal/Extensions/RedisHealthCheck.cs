using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace Tellal.Extensions;

/// <summary>
/// Can this node reach Redis (the SignalR backplane)? Reported in the node list, not part of readiness: without Redis
/// a popup reaches only the tabs connected to the node that pushed it, the inbox still has everything.
/// SignalR keeps its own connection private, so the check opens one of its own, once.
/// </summary>
internal sealed class RedisHealthCheck(ConfigurationOptions options) : IHealthCheck, IAsyncDisposable
{
    public const string Name = "redis";

    private readonly Lazy<Task<ConnectionMultiplexer>> _connection = new(() => ConnectionMultiplexer.ConnectAsync(options));

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await (await _connection.Value).GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("unreachable", exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection.IsValueCreated)
        {
            await (await _connection.Value).DisposeAsync();
        }
    }
}
