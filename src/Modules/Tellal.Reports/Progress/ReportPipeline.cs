using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Hosting.Operations;
using Tellal.Platform.Storage;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Progress;

/// <summary>
/// The report pipeline for the operations view: queued and running as their owners see them (<see cref="RunningReports"/>),
/// and the reports that turned ready in each of the last minutes (an expired one still counts: it was ready then).
/// </summary>
internal sealed class ReportPipeline : IWorkPipeline
{
    public async Task<PipelineFigures> ReadAsync(TellalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reports = db.Set<ReportRequest>().AsNoTracking();
        var runs = db.Set<ReportRunProgress>().AsNoTracking();
        var queued = await reports.WithStatus(ReportStatus.Queued, runs).CountAsync(cancellationToken);
        var running = await reports.WithStatus(ReportStatus.Running, runs).CountAsync(cancellationToken);
        var since = PipelineFigures.WindowStart(now);
        var ready = await reports
            .Where(r => (r.Status == ReportStatus.Ready || r.Status == ReportStatus.Expired) && r.CompletedAt >= since)
            .Select(r => r.CompletedAt!.Value)
            .ToListAsync(cancellationToken);
        return new PipelineFigures("reports", queued, running, PipelineFigures.PerMinute(ready, now));
    }
}
