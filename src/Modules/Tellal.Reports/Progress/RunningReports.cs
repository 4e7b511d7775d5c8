using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Progress;

/// <summary>
/// Running, as the owner sees it. The report's own row says Queued until the run's unit of work commits its outcome;
/// a run that has started (its <see cref="ReportRunProgress"/> row describes the report's current state) shows the
/// report as Running, with that row's stage and percent.
/// </summary>
internal static class RunningReports
{
    public static IQueryable<ReportRequest> WithStatus(this IQueryable<ReportRequest> reports, ReportStatus status, IQueryable<ReportRunProgress> runs) => status switch
    {
        ReportStatus.Running => reports.Where(r => r.Status == ReportStatus.Running
            || (r.Status == ReportStatus.Queued && runs.Any(p => p.ReportId == r.Id && p.ReportVersion == r.Version))),
        ReportStatus.Queued => reports.Where(r => r.Status == ReportStatus.Queued
            && !runs.Any(p => p.ReportId == r.Id && p.ReportVersion == r.Version)),
        _ => reports.Where(r => r.Status == status),
    };

    /// <summary>The progress rows of those reports that are still in work, by report id.</summary>
    public static async Task<Dictionary<Guid, ReportRunProgress>> RunsOfAsync(this TellalDbContext db, IEnumerable<ReportRequest> reports, CancellationToken cancellationToken)
    {
        var inWork = reports.Where(r => r.Status is ReportStatus.Queued or ReportStatus.Running).Select(r => r.Id).ToList();
        return inWork.Count == 0
            ? []
            : await db.Set<ReportRunProgress>().AsNoTracking().Where(p => inWork.Contains(p.ReportId)).ToDictionaryAsync(p => p.ReportId, cancellationToken);
    }

    /// <summary>One report as its owner sees it, with the progress of its run if one is under way.</summary>
    public static async Task<ReportResponse> ResponseAsync(this TellalDbContext db, ReportRequest report, CancellationToken cancellationToken) =>
        ReportResponse.From(report, (await db.RunsOfAsync([report], cancellationToken)).GetValueOrDefault(report.Id));
}
