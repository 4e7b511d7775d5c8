using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Pipeline;

namespace Tellal.Telemetry.Ingest;

/// <summary>
/// The backlog a web node weighs before taking a request: staged events not yet moved, as the span of staging's
/// sequence numbers (<c>max(seq) - min(seq) + 1</c>). Two lookups at the ends of the primary key, however large the table,
/// where a COUNT(*) would read every row; the span over-counts only by the numbers of rolled-back stagings. Measured at
/// most once per <see cref="TelemetryOptions.BacklogCheckInterval"/> per node; requests in between use the last figure.
/// </summary>
internal sealed class IngestBacklog(IServiceScopeFactory scopes, IOptions<TelemetryOptions> options, TimeProvider time)
{
    private int _measuring;
    private Measure _last = new(0, DateTimeOffset.MinValue);

    public async Task<bool> IsOverAsync(CancellationToken cancellationToken)
    {
        var last = _last;
        // One request measures; the others go on with the last figure rather than queue behind it.
        if (time.GetUtcNow() - last.At >= options.Value.BacklogCheckInterval && Interlocked.CompareExchange(ref _measuring, 1, 0) == 0)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                _last = last = new Measure(await StagedAsync(scope.ServiceProvider.GetRequiredService<TellalDbContext>(), cancellationToken), time.GetUtcNow());
            }
            finally
            {
                Volatile.Write(ref _measuring, 0);
            }
        }

        return last.Events > options.Value.MaxBacklogEvents;
    }

    /// <summary>Staged events waiting for the mover, as the span of staging's sequence numbers (see above).</summary>
    public static async Task<long> StagedAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var staged = db.Set<StagedEvent>().AsNoTracking();
        var first = await staged.OrderBy(s => s.Seq).Select(s => (long?)s.Seq).FirstOrDefaultAsync(cancellationToken);
        var last = await staged.OrderByDescending(s => s.Seq).Select(s => (long?)s.Seq).FirstOrDefaultAsync(cancellationToken);
        return first is null || last is null ? 0 : last.Value - first.Value + 1;
    }

    private sealed record Measure(long Events, DateTimeOffset At);
}
