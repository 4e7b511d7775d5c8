using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Hosting;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// Verifies purchases with the store, on every ingest node, apart from the ingest path: staging only adds a pending
/// row, so a slow or absent store never delays a 202. Each round claims the due purchases, asks the store about
/// several at once, and records each verdict; when the store cannot answer, the purchase waits with exponential
/// backoff (<see cref="StoreOptions.InitialBackoff"/> doubling to <see cref="StoreOptions.MaxBackoff"/>) and is never
/// given up.
/// </summary>
internal sealed class PurchaseVerifier(IServiceScopeFactory scopes, StartupGate gate, IOptions<StoreOptions> options, TimeProvider time, ILogger<PurchaseVerifier> logger)
    : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await gate.WaitAsync(stoppingToken);
        var settings = options.Value;
        using var timer = new PeriodicTimer(settings.PollInterval, time);
        do
        {
            try
            {
                while (await RoundAsync(settings, stoppingToken) == settings.BatchSize)
                {
                    // A full batch: more are probably due, go on at once.
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Could not claim purchases to verify; trying again in {Interval}", settings.PollInterval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<int> RoundAsync(StoreOptions settings, CancellationToken stoppingToken)
    {
        List<Purchase> claimed;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            claimed = await PurchaseClaims.ClaimAsync(db, _holder, time.GetUtcNow(), settings.BatchSize, settings.ClaimTimeout, stoppingToken);
        }

        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = stoppingToken },
            (purchase, cancellationToken) => new ValueTask(VerifyAsync(purchase, settings, cancellationToken)));
        return claimed.Count;
    }

    private async Task VerifyAsync(Purchase purchase, StoreOptions settings, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        StoreVerdict verdict;
        try
        {
            verdict = await scope.ServiceProvider.GetRequiredService<StoreClient>().VerifyAsync(purchase, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Unavailable, rate limited (after the HTTP retries that honour Retry-After), timed out, circuit open.
            var retryAt = time.GetUtcNow() + Backoff(purchase.Attempts + 1, settings);
            logger.LogDebug(exception, "The store could not verify purchase {EventId}; next attempt at {RetryAt}", purchase.EventId, retryAt);
            await PurchaseClaims.PostponeAsync(db, purchase, retryAt, exception.Message, CancellationToken.None);
            return;
        }

        if (!await PurchaseClaims.DecideAsync(db, scope.ServiceProvider.GetRequiredService<IMessagePublisher>(), purchase, verdict, time.GetUtcNow(), CancellationToken.None))
        {
            logger.LogWarning("Purchase {EventId} was verified after its claim ran out; the verdict of its current claim stands", purchase.EventId);
        }
    }

    /// <summary>Doubling from the initial wait to the maximum, with ±20% jitter so a backlog does not return in one wave.</summary>
    internal static TimeSpan Backoff(int attempts, StoreOptions settings)
    {
        var doubled = settings.InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(attempts - 1, 30));
        var capped = Math.Min(doubled, settings.MaxBackoff.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.8 + (0.4 * Random.Shared.NextDouble())));
    }
}
