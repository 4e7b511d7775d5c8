using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tellal.Extensions;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;

namespace Tellal.Architecture.Tests;

/// <summary>
/// A node opens after the schema, then the transport, then the modules' start-up tasks (which may publish, and whose
/// consumers must find their queues). The coordinator runs the tasks in registration order, so the order of the
/// host's registrations is what this checks; nothing is started.
/// </summary>
public sealed class StartupOrderTests
{
    private static readonly IServiceCollection NodeServices = RegisterNode();

    [Fact]
    public void The_transport_is_connected_before_any_module_start_up_task()
    {
        var tasks = NodeServices.Where(d => d.ServiceType == typeof(IStartupTask)).Select(d => d.ImplementationType!).ToList();
        Assert.True(tasks.Count > 1, "The modules register start-up tasks of their own");
        Assert.Equal(typeof(Messaging.MessagingOptions).Assembly, tasks[0].Assembly);
        Assert.DoesNotContain(tasks.Skip(1), task => task.Assembly == tasks[0].Assembly);
    }

    [Fact]
    public void The_host_runs_one_start_up_coordinator()
    {
        var coordinators = NodeServices.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "StartupCoordinator").ToList();
        Assert.Single(coordinators);
        Assert.Equal(typeof(StartupGate).Assembly, coordinators[0].ImplementationType!.Assembly);
    }

    private static IServiceCollection RegisterNode()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tellal:DataDirectory"] = Path.Combine(Path.GetTempPath(), "tellal-startup-order-never-created"),
        });
        builder.AddTellalServices(RoleSet.All, runBackgroundWork: true);
        return builder.Services;
    }
}
