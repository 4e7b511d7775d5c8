using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Hosting;
using Tellal.Platform.Modules;
using Tellal.Platform.Options;
using Tellal.Platform.Roles;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>Active users: the running days in Redis when it is configured, the roll-up of closed days on ingest nodes.</summary>
internal static class ActiveUsersRegistration
{
    public static void AddActiveUsers(this ModuleServices module)
    {
        var services = module.Services;
        services.AddTellalOptions<ActiveUsersOptions>(ActiveUsersOptions.Section);
        services.AddScoped<ActiveUsersFigures>();
        if (!string.IsNullOrWhiteSpace(module.Configuration.GetConnectionString(RedisConnection.Name)))
        {
            services.AddSingleton<LiveActiveUsers>();
        }

        if (module.Roles.Runs(TellalRole.Ingest))
        {
            services.AddHostedService<DayRollup>();
        }
    }
}
