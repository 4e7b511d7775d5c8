using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Transport.Routing;
using Tellal.Platform.Options;

namespace Tellal.Messaging.RabbitMq;

public static class RabbitMqServiceCollectionExtensions
{
    /// <summary>
    /// Makes RabbitMQ the primary transport, instead of Local, when <c>ConnectionStrings:rabbitmq</c> (an amqp:// URI) is set:
    /// it carries every queue no routing rule sends elsewhere.
    /// </summary>
    public static IServiceCollection AddRabbitMqTransportWhenConfigured(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration.GetConnectionString(RabbitMqOptions.ConnectionName)))
        {
            return services;
        }

        services.AddTellalOptions<RabbitMqOptions>(RabbitMqOptions.Section);
        services.AddTellalTransport<RabbitMqTransport>(RabbitMqOptions.TransportName, primary: true);
        return services;
    }
}
