using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Progress;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Generation;

/// <summary>
/// The one path a running report's progress takes: the report's row of <see cref="ReportRunProgress"/>, written in
/// single statements of their own (autocommitted), at most once per interval and only when the progress changed. The
/// first write comes one interval after the start: a report produced within an interval writes no progress at all and
/// goes from Queued to its outcome in the handler's one commit (most reports take milliseconds; a start write for each
/// was a scope, a connection and a statement per report, for a row nobody had time to read). The report's own row
/// belongs to the handler's unit of work and is only read here: every interval checks that the report is still
/// wanted, and when its owner cancelled or deleted it, <see cref="Stopped"/> is cancelled and the query stops.
/// </summary>
internal sealed class ProgressReporter : IProgress<ReportProgress>, IAsyncDisposable
{
    private const string Starting = "starting";

    private readonly IServiceScopeFactory _scopes;
    private readonly Guid _reportId;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stopped;
    private readonly CancellationTokenSource _done = new();
    private readonly Task _writer;
    private ReportProgress? _latest;

    private ProgressReporter(IServiceScopeFactory scopes, Guid reportId, DateTimeOffset startedAt, TimeProvider time, TimeSpan interval, CancellationToken cancellationToken)
    {
        _scopes = scopes;
        _reportId = reportId;
        _time = time;
        StartedAt = startedAt;
        _stopped = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _writer = WriteLoopAsync(interval);
    }

    /// <summary>
    /// Starts the writer. Nothing is written yet: the owner sees the report Running from the first interval on, and a
    /// report cancelled or deleted since the handler read it stops there (or, when it finishes sooner, its outcome does
    /// not commit: the cancel raised the report's version).
    /// </summary>
    public static ProgressReporter Start(IServiceScopeFactory scopes, Guid reportId, TimeProvider time, TimeSpan interval, CancellationToken cancellationToken) =>
        new(scopes, reportId, time.GetUtcNow(), time, interval, cancellationToken);

    public DateTimeOffset StartedAt { get; }

    /// <summary>Cancelled when the report stops being wanted (cancelled, deleted) or the caller's token is.</summary>
    public CancellationToken Stopped => _stopped.Token;

    public bool WasStoppedByOwner { get; private set; }

    public void Report(ReportProgress value) => Interlocked.Exchange(ref _latest, value);

    /// <summary>
    /// The run's first write: one upsert, and only if the report is still wanted. A run that starts again (a redelivered
    /// message) replaces the row of the run before it. The row takes the report's current version, which is what ties it
    /// to this state of the report (<see cref="ReportRunProgress.Describes"/>).
    /// </summary>
    private async Task<bool> RecordStartAsync(ReportProgress progress)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var queued = nameof(ReportStatus.Queued);
        var running = nameof(ReportStatus.Running);
        var (stage, percent) = (progress.Stage, progress.Percent);
        var startedAt = AsStored(db, StartedAt);
        var now = AsStored(db, _time.GetUtcNow());
        // SQLite and PostgreSQL share this upsert syntax; the WHERE also keeps SQLite from reading ON CONFLICT as a join.
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO rpt_run_progress ("ReportId", "ReportVersion", "Stage", "Percent", "StartedAt", "UpdatedAt")
            SELECT r."Id", r."Version", {stage}, {percent}, {startedAt}, {now} FROM rpt_requests AS r
            WHERE r."Id" = {_reportId} AND r."Status" IN ({queued}, {running})
            ON CONFLICT ("ReportId") DO UPDATE SET "ReportVersion" = excluded."ReportVersion", "Stage" = excluded."Stage",
                "Percent" = excluded."Percent", "StartedAt" = excluded."StartedAt", "UpdatedAt" = excluded."UpdatedAt"
            """, _done.Token);
        return inserted > 0;
    }

    /// <summary>A time as the provider stores it (SQLite: ticks): raw SQL does not apply the model's conversions.</summary>
    private static object AsStored(TellalDbContext db, DateTimeOffset time) =>
        db.Model.FindEntityType(typeof(ReportRunProgress))!.FindProperty(nameof(ReportRunProgress.StartedAt))!
            .GetTypeMapping().Converter?.ConvertToProvider(time) ?? time;

    private async Task WriteLoopAsync(TimeSpan interval)
    {
        ReportProgress? written = null;
        try
        {
            await Task.Delay(interval, _done.Token);
            var first = Volatile.Read(ref _latest) ?? new ReportProgress(Starting, 0);
            if (!await RecordStartAsync(first))
            {
                await StopAsync();
                return;
            }

            written = first;
            while (!_done.IsCancellationRequested)
            {
                await Task.Delay(interval, _done.Token);
                var latest = Volatile.Read(ref _latest);
                // A long silent query writes nothing but still reads, so it notices a cancel.
                var wanted = latest is not null && latest != written ? await WriteAsync(latest) : await IsWantedAsync();
                if (!wanted)
                {
                    await StopAsync();
                    return;
                }

                written = latest ?? written;
            }
        }
        catch (OperationCanceledException)
        {
            // Finished.
        }
    }

    private async Task StopAsync()
    {
        WasStoppedByOwner = true;
        await _stopped.CancelAsync();
    }

    private async Task<bool> WriteAsync(ReportProgress progress)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
        var wanted = Wanted(db);
        var now = _time.GetUtcNow();
        var updated = await db.Set<ReportRunProgress>()
            .Where(p => p.ReportId == _reportId && wanted.Any())
            .ExecuteUpdateAsync(set => set
                .SetProperty(p => p.Stage, progress.Stage)
                .SetProperty(p => p.Percent, progress.Percent)
                .SetProperty(p => p.UpdatedAt, now), _done.Token);
        return updated > 0;
    }

    private async Task<bool> IsWantedAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        return await Wanted(scope.ServiceProvider.GetRequiredService<TellalDbContext>()).AnyAsync(_done.Token);
    }

    /// <summary>The report, as long as nobody stopped it: cancelled, deleted and finished reports are not in work.</summary>
    private IQueryable<ReportRequest> Wanted(TellalDbContext db) =>
        db.Set<ReportRequest>().Where(r => r.Id == _reportId && (r.Status == ReportStatus.Queued || r.Status == ReportStatus.Running));

    public async ValueTask DisposeAsync()
    {
        await _done.CancelAsync();
        await _writer;
        _done.Dispose();
        _stopped.Dispose();
    }
}
