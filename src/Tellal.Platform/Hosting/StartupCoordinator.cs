using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tellal.Platform.Storage;

namespace Tellal.Platform.Hosting;

/// <summary>
/// Brings the node's prerequisites up in the background (the schema first, then every start-up task in registration
/// order: the messaging transport, then the modules' tasks), retrying until they are there, then opens the startup
/// gate. The HTTP server meanwhile answers health probes and "starting up". It retries every second, however long
/// it has waited, so the gate opens within about a second of a dependency coming up (an attempt costs a query and a
/// connection attempt); the log says why at the first failure, when the reason changes, and once a minute.
/// </summary>
internal sealed class StartupCoordinator(
    DatabaseMigrator migrator,
    StartupGate gate,
    IEnumerable<IStartupTask> tasks,
    TimeProvider time,
    ILogger<StartupCoordinator> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var attempt = 0;
        string? lastReason = null;
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
                var reason = $"{gate.Status}: {exception.GetType().Name}";
                var level = reason != lastReason || attempt % 60 == 0 ? LogLevel.Warning : LogLevel.Debug;
                lastReason = reason;
                logger.Log(level, exception, "Node not ready ({Status}, attempt {Attempt}); retrying in {Delay}", gate.Status, attempt, RetryDelay);
                await Task.Delay(RetryDelay, time, stoppingToken);
            }
        }
    }
}
