using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Storage;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Local;
using Tellal.Messaging.Transport.Routing;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Nodes;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;

namespace Tellal.Messaging;

public static class MessagingServiceCollectionExtensions
{
    /// <summary>
    /// The messaging core on the Local transport (the transports' own extensions add theirs; see <see cref="QueueRoutes"/>).
    /// Background work (relay, consumers, connecting the transport at start-up) is added only when
    /// <paramref name="runBackgroundWork"/> is set: CLI commands use the same services without it. Start-up tasks run in registration order, so call this before the modules add theirs.
    /// </summary>
    public static IServiceCollection AddTellalMessaging(this IServiceCollection services, bool runBackgroundWork)
    {
        services.AddTellalOptions<MessagingOptions>(MessagingOptions.Section);
        MessagingRegistrationExtensions.Registry(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IModelContributor, MessagingModel>();
        services.TryAddSingleton<QueueActivity>();
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<PendingMessages>();
        services.AddSingleton<OutboxWriter>();
        services.AddSingleton<CommittedMessageSender>();
        services.AddSingleton<IInterceptor, CommitInterceptor>();
        services.AddScoped<IMessagePublisher, OutboxPublisher>();
        services.AddScoped<DeadLetterStore>();
        services.AddSingleton<StreamsView>();
        services.AddSingleton<IRetentionRule, InboxRetentionRule>();
        services.AddSingleton<MessageDispatcher>();
        services.AddTellalTransport<LocalTransport>(LocalTransport.TransportName, primary: true);
        services.AddSingleton<QueueRoutes>();
        services.TryAddSingleton(RoutingTransport.Create);

        if (runBackgroundWork)
        {
            // The relay and consumers wait on the startup gate: whoever composed the host, something must open it
            // (idempotent, the host adds it too), after the transport is connected.
            services.AddStartupCoordinator();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupTask, TransportStartup>());
            services.AddHostedService<OutboxRelay>();
            services.AddHostedService(provider => provider.GetRequiredService<CommittedMessageSender>());
            services.AddHostedService<ConsumerHost>();
        }

        return services;
    }
}
