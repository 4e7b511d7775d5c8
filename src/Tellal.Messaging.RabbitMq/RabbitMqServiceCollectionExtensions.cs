using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Messaging.Transport;
using Tellal.Platform.Options;

namespace Tellal.Messaging.RabbitMq;

public static class RabbitMqServiceCollectionExtensions
{
    /// <summary>Uses RabbitMQ instead of the Local transport when <c>ConnectionStrings:rabbitmq</c> (an amqp:// URI) is set.</summary>
    public static IServiceCollection AddRabbitMqTransportWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(RabbitMqOptions.ConnectionName)))
        {
            return services;
        }

        services.AddTellalOptions<RabbitMqOptions>(RabbitMqOptions.Section);
        services.Replace(ServiceDescriptor.Singleton<ITransport, RabbitMqTransport>());
        return services;
    }
}
