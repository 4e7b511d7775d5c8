using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;

namespace Tellal.Platform.Storage.Retention;

public static class RetentionServiceCollectionExtensions
{
    /// <summary>Rules come from the messaging core and the modules; the sweeper runs on nodes with the scheduler role.</summary>
    public static IServiceCollection AddRetentionSweeper(this IServiceCollection services, RoleSet roles)
    {
        services.AddTellalOptions<RetentionOptions>(RetentionOptions.Section);
        if (roles.Runs(TellalRole.Scheduler))
        {
            services.AddHostedService<RetentionSweeper>();
        }

        return services;
    }
}
