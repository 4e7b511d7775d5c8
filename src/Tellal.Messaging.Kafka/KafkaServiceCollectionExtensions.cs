using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;

namespace Tellal.Messaging.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>
    /// Makes Kafka available when <c>ConnectionStrings:kafka</c> (bootstrap servers) is set: the queues the routing rules send
    /// to it (<c>Tellal:Messaging:Routing</c>; by default <c>rentals.*</c> and <c>inventory.*</c>) travel over it, the others
    /// stay on the primary transport.
    /// </summary>
    public static IServiceCollection AddKafkaTransportWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(KafkaOptions.ConnectionName)))
        {
            return services;
        }

        services.AddTellalOptions<KafkaOptions>(KafkaOptions.Section);
        services.AddTellalTransport<KafkaTransport>(KafkaOptions.TransportName, primary: false);
        return services;
    }
}
