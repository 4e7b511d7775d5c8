using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;

namespace Tellal.Messaging.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Makes Redis available as a transport when <c>ConnectionStrings:redis</c> is set. Redis is there for the web nodes'
    /// sessions anyway, so having it does not move any queue: <c>Tellal:Messaging:Transport=redis</c> makes it the primary
    /// transport, or a routing rule (<c>Tellal:Messaging:Routing:Queues:&lt;pattern&gt;=redis</c>) sends some queues to it.
    /// </summary>
    public static IServiceCollection AddRedisTransportWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(RedisOptions.ConnectionName)))
        {
            return services;
        }

        services.AddTellalOptions<RedisOptions>(RedisOptions.Section);
        services.AddTellalTransport<RedisTransport>(RedisOptions.TransportName, primary: false);
        return services;
    }
}
