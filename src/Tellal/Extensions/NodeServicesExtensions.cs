using Tellal.Messaging;
using Tellal.Messaging.Kafka;
using Tellal.Messaging.RabbitMq;
using Tellal.Messaging.Redis;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;

namespace Tellal.Extensions;

public static class NodeServicesExtensions
{
    /// <summary>The migrations live in the host, the one assembly that sees every module's part of the model.</summary>
    public const string MigrationsAssembly = "tellal";

    /// <summary>
    /// Everything a Tellal process needs, whatever it runs: options, storage, messaging and every module.
    /// Background work (relay, consumers, timers) only when <paramref name="runBackgroundWork"/>: CLI commands
    /// share the services but must not start consuming.
    /// </summary>
    public static IHostApplicationBuilder AddTellalServices(this IHostApplicationBuilder builder, RoleSet roles, bool runBackgroundWork)
    {
        var services = builder.Services;
        services.AddTellalOptions<TellalOptions>(TellalOptions.Section);
        var tellal = builder.Configuration.GetTellalOptions<TellalOptions>(TellalOptions.Section);
        services.AddSingleton(new NodeIdentity(tellal.ResolveNodeName()));
        services.AddSingleton(roles);
        services.AddSingleton<StartupGate>();
        services.AddNodeHeartbeats(runBackgroundWork);
        services.AddRetentionSweeper(runBackgroundWork ? roles : RoleSet.None);
        builder.AddSharedState();
        services.AddTellalStorage(builder.Configuration, MigrationsAssembly);
        if (runBackgroundWork)
        {
            // Schema, then the start-up tasks in registration order (messaging's transport before the modules' tasks).
            services.AddStartupCoordinator();
        }

        services.AddTellalMessaging(runBackgroundWork);
        services.AddRabbitMqTransportWhenConfigured(builder.Configuration);
        services.AddKafkaTransportWhenConfigured(builder.Configuration);
        services.AddRedisTransportWhenConfigured(builder.Configuration);

        var moduleServices = new ModuleServices(services, builder.Configuration, runBackgroundWork ? roles : RoleSet.None);
        foreach (var module in TellalModules.All)
        {
            services.AddSingleton<IModelContributor>(module);
            module.AddServices(moduleServices);
        }

        RemoveKeyRingPreload(services);
        return builder;
    }

    /// <summary>
    /// ASP.NET Core's data protection reads its key ring as the host starts, before the node has migrated the database
    /// the keys live in (a "no such table" failure on a fresh install). Every AddDataProtection() (authentication,
    /// antiforgery, Razor Pages) registers that hosted service again, so it goes once all modules are in; web nodes
    /// read the key ring as a start-up task once the schema is current (Identity's KeyRingLoading).
    /// </summary>
    private static void RemoveKeyRingPreload(IServiceCollection services)
    {
        var preload = services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList();
        preload.ForEach(d => services.Remove(d));
    }
}
