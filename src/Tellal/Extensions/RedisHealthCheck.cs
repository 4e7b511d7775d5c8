using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;
using Tellal.Platform.Hosting;

namespace Tellal.Extensions;

/// <summary>
/// Can this node reach Redis (the SignalR backplane and the sign-in sessions)? Reported in the node list, not part
/// of readiness: without Redis a popup reaches only the tabs connected to the node that pushed it, the inbox still
/// has everything. It pings over the process's one shared connection.
/// </summary>
internal sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public const string Name = RedisConnection.Name;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await (await redis.ConnectAsync()).GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:0.0} ms");
        }
        catch (RedisException exception)
        {
            return HealthCheckResult.Unhealthy("unreachable", exception);
        }
    }
}
