using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting;

namespace Tellal.Platform.Storage.Retention;

/// <summary>
/// Runs every <see cref="IRetentionRule"/> once per <see cref="RetentionOptions.SweepInterval"/> on scheduler nodes.
/// Several scheduler nodes may sweep at once: each statement deletes rows that are past their retention, so running
/// twice only finds fewer rows.
/// </summary>
public sealed class RetentionSweeper(
    IEnumerable<IRetentionRule> rules,
    IServiceScopeFactory scopes,
    StartupGate gate,
    IOptions<RetentionOptions> options,
    TimeProvider time,
    ILogger<RetentionSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The tables exist once the node has opened (migrations applied).
        await gate.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        do
        {
            foreach (var rule in rules)
            {
                await SweepOneAsync(rule, stoppingToken);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes every row of <paramref name="rule"/> older than its retention at <paramref name="now"/>, batch by batch; returns how many.</summary>
    public static async Task<int> SweepAsync(TellalDbContext db, IRetentionRule rule, DateTimeOffset now, int batchSize, CancellationToken cancellationToken)
    {
        var cutoff = now - rule.Retention;
        var total = 0;
        int deleted;
        do
        {
            deleted = await rule.DeleteBatchAsync(db, cutoff, batchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }

    private async Task SweepOneAsync(IRetentionRule rule, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            var deleted = await SweepAsync(db, rule, time.GetUtcNow(), options.Value.BatchSize, stoppingToken);
            if (deleted > 0)
            {
                logger.LogInformation("Deleted {Count} {Rows} older than {Retention}", deleted, rule.Name, rule.Retention);
            }
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            // The next tick tries again; old rows only cost space meanwhile.
            logger.LogWarning(exception, "Could not delete old {Rows}; trying again in {Interval}", rule.Name, options.Value.SweepInterval);
        }
    }
}
