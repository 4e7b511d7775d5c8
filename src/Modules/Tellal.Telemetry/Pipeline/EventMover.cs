using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Runs on every ingest node; only the lease holder moves, the others stand by and take over when its lease expires
/// (<see cref="TelemetryOptions.MoverLease"/> after it last moved). A large move is followed at once by the next
/// (<see cref="TelemetryOptions.ContinuousMoveThreshold"/>).
/// </summary>
internal sealed class EventMover(IServiceScopeFactory scopes, StartupGate gate, IOptions<TelemetryOptions> options, TimeProvider time, ILogger<EventMover> logger)
    : BackgroundService
{
    /// <summary>Unique per process: a restarted node is a new holder and waits for its old lease like any standby.</summary>
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.MoveInterval, time);
        do
        {
            try
            {
                int? moved;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
                    moved = await EventMove.RunAsync(db, _holder, time.GetUtcNow(), settings.MoverLease, settings.MoverConnections, stoppingToken);
                }
                while (moved >= settings.ContinuousMoveThreshold);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The move rolled back; staged rows wait for the next tick (or the next holder).
                logger.LogWarning(exception, "Could not move staged telemetry events; trying again in {Interval}", settings.MoveInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
