using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Reports.Files;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Expiry;

/// <summary>
/// Ends a ready report's lifetime: the file is removed and the report becomes Expired. The timer is an outbox
/// message due at the expiry time, so it survives restarts and fires on whichever node runs the scheduler.
/// </summary>
internal sealed class ExpireReportHandler(TellalDbContext db, IReportFileStore files, TimeProvider time) : IMessageHandler<ExpireReport>
{
    private static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public async Task HandleAsync(ExpireReport message, MessageContext context, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (report is not { Status: ReportStatus.Ready, ExpiresAt: { } expiresAt })
        {
            return;
        }

        if (expiresAt - ClockSkew > time.GetUtcNow())
        {
            throw new InvalidOperationException($"Report {report.Id} expires at {expiresAt:O}, not yet: retry later.");
        }

        // The file goes first: if the commit then fails, the redelivered timer finds no file and commits.
        await files.DeleteAsync(report.FileName, cancellationToken);
        report.Status = ReportStatus.Expired;
        report.FileName = null;
        report.Version++;
    }
}
