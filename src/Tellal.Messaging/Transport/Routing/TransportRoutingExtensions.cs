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

    /// <summary>The transports in use: those a routing transport composes, or the one transport itself.</summary>
    public static IReadOnlyCollection<ITransport> InUse(this ITransport transport) =>
        transport is RoutingTransport routing ? routing.Transports : [transport];

    /// <summary>The transport a queue travels over.</summary>
    internal static ITransport For(this ITransport transport, string queue) =>
        transport is RoutingTransport routing ? routing.For(queue) : transport;

    /// <summary>The transport that carries a message to its queues, or null when they travel over different transports.</summary>
    internal static ITransport? CarrierOf(this ITransport transport, string type, string? destination) =>
        transport is RoutingTransport routing ? routing.CarrierOf(type, destination) : transport;

    /// <summary>The Local transport's queue table, when a queue travels over it.</summary>
    internal static ITransactionalQueue? TransactionalQueue(this ITransport transport) =>
        transport as ITransactionalQueue ?? (transport as RoutingTransport)?.TransactionalQueue;
}
