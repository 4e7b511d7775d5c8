using Tellal.Contracts.Notifications;
using Tellal.Messaging.Outbox;
using Tellal.Reports.Files;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Generation;

/// <summary>
/// How a report ends, whoever produced it (a worker's query or the external provider): Ready with its file, owner
/// notification and expiry timer, or Failed with a reason a person can read and the owner told. The changes join
/// the caller's unit of work.
/// </summary>
internal sealed class ReportOutcomes(IMessagePublisher publisher, TimeProvider time)
{
    public void Complete(ReportRequest report, StoredReportFile file, string contentType)
    {
        var now = time.GetUtcNow();
        report.Status = ReportStatus.Ready;
        report.Progress = 100;
        report.Stage = null;
        report.CompletedAt = now;
        report.ExpiresAt = now + report.Lifetime.Duration();
        report.FileName = file.FileName;
        report.FileSize = file.Size;
        report.FileSha256 = file.Sha256;
        report.ContentType = contentType;
        report.Version++;
        publisher.Publish(new NotificationRequested(report.OwnerId, null, NotificationKinds.ReportReady, $"Ready: {report.Title}",
            $"Your report \"{report.Title}\" is ready.", $"/reports/{report.Id}", report.Id));
        publisher.Publish(new ExpireReport(report.Id), new PublishOptions { NotBefore = report.ExpiresAt, Subject = $"report/{report.Id}" });
    }

    public void Fail(ReportRequest report, string error)
    {
        report.Status = ReportStatus.Failed;
        report.Error = error.Length <= 2000 ? error : error[..2000];
        report.CompletedAt = time.GetUtcNow();
        report.Stage = null;
        report.Version++;
        publisher.Publish(new NotificationRequested(report.OwnerId, null, NotificationKinds.ReportFailed, $"Failed: {report.Title}",
            $"Your report \"{report.Title}\" failed. {error}", $"/reports/{report.Id}", report.Id));
    }

    /// <summary>
    /// A dead letter that failed this report is replayed (the fault was fixed): the report goes back to the state the
    /// replayed message expects (Queued to be produced, Running to be collected), so it completes once and its owner
    /// sees it come back. A report cancelled or deleted meanwhile stays so.
    /// </summary>
    public void Reopen(ReportRequest? report, ReportStatus status)
    {
        if (report is not { Status: ReportStatus.Failed })
        {
            return;
        }

        report.Status = status;
        report.Error = null;
        report.Progress = 0;
        report.StartedAt = status == ReportStatus.Running ? time.GetUtcNow() : null;
        report.CompletedAt = null;
        report.Version++;
    }
}
