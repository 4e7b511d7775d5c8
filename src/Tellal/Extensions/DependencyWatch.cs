using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tellal.Platform.Hosting;
using Tellal.Platform.Hosting.Coordination;

namespace Tellal.Extensions;

/// <summary>
/// Once the node is open, checks its dependencies (the readiness checks: database, transports) every second and
/// says what changed on the coordination channel (<see cref="Topic"/>: node name, then what fails, empty when all is
/// well). While the database is away the gate turns requests back (503, Retry-After) rather than letting each one
/// fail on its own after a connect timeout; when it returns the gate reopens. A node that hears another's news checks
/// again at once, so when one node sees the database come back they all do, not a second later each. The database
/// must fail twice in a row (the second check at once) to close the gate: one slow check on a busy box is not an
/// outage. A broker that is away closes nothing: the outbox keeps accepting work and the relay sends it on later.
/// </summary>
internal sealed partial class DependencyWatch(
    HealthCheckService health, StartupGate gate, ICoordinationChannel channel, NodeIdentity node, ILogger<DependencyWatch> logger)
    : BackgroundService
{
    public const string Topic = "node.dependencies";
    private const string Database = "database";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _wake = new(0, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        channel.Subscribe(Topic, message =>
        {
            if (!message.StartsWith($"{node.Name}\n", StringComparison.Ordinal))
            {
                Wake();
            }
        });
        channel.Resynchronize += Wake;
        await gate.WaitAsync(stoppingToken);

        var reported = "";
        var databaseFailures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var report = await health.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready) && check.Name != "startup", stoppingToken);
            var failing = report.Entries.Where(entry => entry.Value.Status == HealthStatus.Unhealthy)
                .Select(entry => $"{entry.Key}: {entry.Value.Description}").Order(StringComparer.Ordinal).ToList();
            databaseFailures = report.Entries.TryGetValue(Database, out var database) && database.Status == HealthStatus.Unhealthy ? databaseFailures + 1 : 0;
            gate.ReportUnavailable(databaseFailures >= 2 ? "waiting for the database" : null);

            var state = string.Join("; ", failing);
            if (state != reported)
            {
                reported = state;
                LogDependencies(logger, state.Length == 0 ? "all reachable" : state);
                await channel.PublishAsync(Topic, $"{node.Name}\n{state}", stoppingToken);
            }

            if (databaseFailures != 1)
            {
                await _wake.WaitAsync(Interval, stoppingToken);
            }
        }
    }

    private void Wake()
    {
        try
        {
            _wake.Release();
        }
        catch (SemaphoreFullException)
        {
            // already woken
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Dependencies: {State}")]
    private static partial void LogDependencies(ILogger logger, string state);
}
