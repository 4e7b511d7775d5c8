using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Tellal.Platform.Options;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting.Nodes;

public static class NodeHeartbeatServiceCollectionExtensions
{
    /// <summary>
    /// The heartbeat table is part of every node's model; the writer runs on every node that runs roles (whatever they
    /// are), not in CLI commands.
    /// </summary>
    public static IServiceCollection AddNodeHeartbeats(this IServiceCollection services, bool runBackgroundWork)
    {
        services.AddTellalOptions<NodeHeartbeatOptions>(NodeHeartbeatOptions.Section);
        services.AddSingleton<IModelContributor, NodeHeartbeatModel>();
        services.TryAddSingleton<QueueActivity>();
        if (runBackgroundWork)
        {
            services.AddHostedService<NodeHeartbeatWriter>();
        }

        return services;
    }
}
