using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.External;
using Tellal.Reports.Requests.Quotas;

namespace Tellal.Reports.Requests;

/// <summary>
/// Sends a report to be produced with its priority, so a high-priority report overtakes waiting ones: to the
/// workers, or for an external type to the queue that hands it to the provider.
/// </summary>
public sealed class ReportWork(TellalDbContext db, IMessagePublisher publisher, ReportCatalog catalog, IOptions<ReportQuotaOptions> quotas)
{
    public async Task QueueAsync(ReportRequest report, CancellationToken cancellationToken)
    {
        var options = new PublishOptions { Priority = await FairPriorityAsync(report, cancellationToken), Subject = $"report/{report.Id}" };
        if (catalog.Find(report.ReportType) is { IsExternal: true })
        {
            publisher.Publish(new SubmitExternalReport(report.Id), options);
        }
        else
        {
            publisher.Publish(new GenerateReport(report.Id), options);
        }
    }

    /// <summary>
    /// Every transport delivers by priority, then in order. A user who already has their fair share in the workers'
    /// hands (queued or running) gets the next report one level lower: another user's report of the same priority
    /// then overtakes the rest of the flood.
    /// The report keeps the priority asked for; only its place in the queue changes.
    /// </summary>
    private async Task<MessagePriority> FairPriorityAsync(ReportRequest report, CancellationToken cancellationToken)
    {
        if (report.Priority == MessagePriority.Low)
        {
            return MessagePriority.Low;
        }

        var inWork = await db.Set<ReportRequest>().CountAsync(
            r => r.OwnerId == report.OwnerId && (r.Status == ReportStatus.Queued || r.Status == ReportStatus.Running) && r.Id != report.Id, cancellationToken);
        return inWork >= quotas.Value.FairShareQueued ? report.Priority - 1 : report.Priority;
    }
}
