using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Tellal.Platform.Hosting;

public static class StartupServiceCollectionExtensions
{
    /// <summary>
    /// The background start-up that opens the node's <see cref="StartupGate"/> (the gate itself is the caller's to
    /// register). Idempotent: the host adds it, and so does background work that waits on the gate (the messaging
    /// core's relay and consumers), so a host composed from parts cannot leave the gate shut.
    /// </summary>
    public static IServiceCollection AddStartupCoordinator(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, StartupCoordinator>());
        return services;
    }
}
