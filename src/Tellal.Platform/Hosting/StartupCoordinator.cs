using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Transport;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Dispatch;

/// <summary>
/// Brings the node's prerequisites up in the background (schema, transport topology, start-up tasks), retrying until they are
/// there, then opens the startup gate. The HTTP server meanwhile answers health probes and "starting up".
/// </summary>
internal sealed class StartupCoordinator(
    DatabaseMigrator migrator,
    ITransport transport,
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

                gate.Report($"connecting to the {transport.Name} transport");
                await transport.StartAsync(stoppingToken);
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
