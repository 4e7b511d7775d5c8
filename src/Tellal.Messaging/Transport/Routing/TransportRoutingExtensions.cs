using Microsoft.Extensions.DependencyInjection;

namespace Tellal.Messaging.Transport.Routing;

public static class TransportRoutingExtensions
{
    /// <summary>Makes a transport available to routing under <paramref name="name"/>; see <see cref="TransportRegistration"/>.</summary>
    public static IServiceCollection AddTellalTransport<TTransport>(this IServiceCollection services, string name, bool primary)
        where TTransport : class, ITransport
    {
        services.AddSingleton(new TransportRegistration(name, typeof(TTransport), primary));
        return services;
    }

    /// <summary>The transport that carries a message to its queues, or null when they travel over different transports.</summary>
    internal static ITransport? CarrierOf(this ITransport transport, string type, string? destination) =>
        transport is RoutingTransport routing ? routing.CarrierOf(type, destination) : transport;

    /// <summary>The Local transport's queue table, when a queue travels over it.</summary>
    internal static ITransactionalQueue? TransactionalQueue(this ITransport transport) =>
        transport as ITransactionalQueue ?? (transport as RoutingTransport)?.TransactionalQueue;
}
