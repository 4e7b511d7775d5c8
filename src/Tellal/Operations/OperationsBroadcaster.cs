using Microsoft.AspNetCore.SignalR;
using Tellal.Platform.Hosting;

namespace Tellal.Operations;

/// <summary>
/// Pushes the operations snapshot to this node's watchers every <see cref="Interval"/>, and at once to a new one; idle
/// (no query at all) while nobody watches. The figures are read where they live (<see cref="OperationsFigures"/>), so every
/// web node shows the same deployment.
/// </summary>
internal sealed partial class OperationsBroadcaster(
    OperationsAudience audience,
    IHubContext<OperationsHub> hub,
    StartupGate gate,
    OperationsFigures figures,
    ILogger<OperationsBroadcaster> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await audience.WaitAsync(Interval, stoppingToken);
            var watchers = audience.Connections;
            if (watchers.Count == 0)
            {
                continue;
            }

            try
            {
                await hub.Clients.Clients(watchers).SendAsync(OperationsHub.SnapshotMethod, await figures.ReadAsync(stoppingToken), stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A view must never take its node down (a background service that throws stops the host).
                LogNotSent(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The operations snapshot could not be sent")]
    private static partial void LogNotSent(ILogger logger, Exception exception);

}
