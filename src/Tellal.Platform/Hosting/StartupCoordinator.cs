using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting;

/// <summary>
/// Brings the node's prerequisites up in the background (the schema first, then every start-up task in registration
/// order: the messaging transport, then the modules' tasks), retrying until they are there, then opens the startup
/// gate. The HTTP server meanwhile answers health probes and "starting up".
/// </summary>
internal sealed class StartupCoordinator(
    DatabaseMigrator migrator,
    StartupGate gate,
    IEnumerable<IStartupTask> tasks,
    TimeProvider time,
    ILogger<StartupCoordinator> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                gate.Report("waiting for the database schema");
                await migrator.EnsureCurrentAsync(stoppingToken);
                gate.ReportSchemaCurrent();

                foreach (var task in tasks)
                {
                    gate.Report(task.Description);
                    await task.RunAsync(stoppingToken);
                }

                gate.Open();
                logger.LogInformation("Node ready");
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                attempt++;
                var delay = TimeSpan.FromSeconds(Math.Min(15, attempt));
                logger.LogWarning(exception, "Node not ready ({Status}); retrying in {Delay}", gate.Status, delay);
                await Task.Delay(delay, time, stoppingToken);
            }
        }
    }
}
