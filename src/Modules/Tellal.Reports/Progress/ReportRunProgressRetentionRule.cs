using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Progress;

/// <summary>
/// A run's progress is history once its report has left the queue (finished, failed, cancelled, deleted): nothing
/// shows it any more (<see cref="ReportRunProgress.Describes"/>), so scheduler nodes delete it. The progress of a report
/// still in work is kept however old, since a report waiting for its retry still shows the run that was cut short.
/// </summary>
internal sealed class ReportRunProgressRetentionRule : IRetentionRule
{
    public string Name => "report run progress";

    public TimeSpan Retention => TimeSpan.FromHours(1);

    public Task<int> DeleteBatchAsync(TellalDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var inWork = db.Set<ReportRequest>().Where(r => r.Status == ReportStatus.Queued || r.Status == ReportStatus.Running);
        return db.Set<ReportRunProgress>()
            .Where(p => p.UpdatedAt < cutoff && !inWork.Any(r => r.Id == p.ReportId))
            .OrderBy(p => p.UpdatedAt)
            .Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
