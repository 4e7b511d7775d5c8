using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Messaging.Transport;
using Tellal.Platform.Options;

namespace Tellal.Messaging.Kafka;

public static class KafkaServiceCollectionExtensions
{
    /// <summary>Uses Kafka instead of the Local transport when <c>ConnectionStrings:kafka</c> (bootstrap servers) is set.</summary>
    public static IServiceCollection AddKafkaTransportWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(KafkaOptions.ConnectionName)))
        {
            return services;
        }

        services.AddTellalOptions<KafkaOptions>(KafkaOptions.Section);
        services.Replace(ServiceDescriptor.Singleton<ITransport, KafkaTransport>());
        return services;
    }
}
