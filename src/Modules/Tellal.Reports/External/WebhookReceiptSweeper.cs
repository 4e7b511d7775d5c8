using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Reports.External;

/// <summary>
/// On scheduler nodes, every <see cref="ExternalReportsOptions.WebhookReceiptSweepInterval"/>, deletes the webhook
/// receipts older than <see cref="ExternalReportsOptions.WebhookReceiptRetention"/>, so replay detection does not
/// grow the table forever. Like the node heartbeats' tidy-up, several scheduler nodes may sweep at once: deleting
/// the same old rows twice is harmless.
/// </summary>
internal sealed class WebhookReceiptSweeper(
    IServiceScopeFactory scopes,
    StartupGate gate,
    IOptions<ExternalReportsOptions> options,
    TimeProvider time,
    ILogger<WebhookReceiptSweeper> logger) : BackgroundService
{
    /// <summary>Small deletes keep each transaction (and SQLite's single writer lock) short after a long pause.</summary>
    public const int BatchSize = 1000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The table exists once the node has opened (migrations applied).
        await gate.WaitAsync(stoppingToken);
        using var timer = new PeriodicTimer(options.Value.WebhookReceiptSweepInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
                var deleted = await SweepAsync(db, time.GetUtcNow() - options.Value.WebhookReceiptRetention, BatchSize, stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} webhook receipts older than {Retention}", deleted, options.Value.WebhookReceiptRetention);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next tick tries again; old receipts only cost space meanwhile.
                logger.LogWarning(exception, "Could not delete old webhook receipts; trying again in {Interval}", options.Value.WebhookReceiptSweepInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Deletes the receipts received before <paramref name="cutoff"/>, <paramref name="batchSize"/> at a time; returns how many.</summary>
    public static async Task<int> SweepAsync(TellalDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            deleted = await db.Set<WebhookReceipt>()
                .Where(r => r.ReceivedAt < cutoff)
                .OrderBy(r => r.ReceivedAt)
                .Take(batchSize)
                .ExecuteDeleteAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == batchSize);

        return total;
    }
}
