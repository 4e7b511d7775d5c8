using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Reports.Files;
using Tellal.Reports.Generation;
using Tellal.Reports.Requests;

namespace Tellal.Reports.External;

/// <summary>
/// Looks at the report's job at ReportHub (after a webhook, or as the polling fallback) and ends the report like an
/// internal one when the job is done: the file is downloaded into the report store and checked against the SHA-256
/// the provider published, fetched once more on a mismatch, and refused if it is still damaged. A scheduled poll also
/// notices a lost job (unknown to the provider, or unfinished past JobTimeout) and submits it again with the same key.
/// </summary>
internal sealed class CheckExternalReportHandler(
    TellalDbContext db,
    ReportHubClient hub,
    IReportFileStore files,
    ReportOutcomes outcomes,
    IMessagePublisher publisher,
    IOptions<ExternalReportsOptions> external,
    IOptions<ReportsOptions> reports,
    TimeProvider time) : IMessageHandler<CheckExternalReport>, IFinalFailureHandler<CheckExternalReport>
{
    private const string CsvContentType = "text/csv";

    public async Task HandleAsync(CheckExternalReport message, MessageContext context, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        var tracked = await db.Set<ExternalReportJob>().FirstOrDefaultAsync(j => j.ReportId == message.ReportId, cancellationToken);
        if (report is null || report.IsFinal || tracked is null)
        {
            // Finished (by the webhook or an earlier poll), cancelled, or not submitted yet: nothing to do, polling stops.
            return;
        }

        var job = await hub.GetJobAsync(tracked.ProviderJobId, cancellationToken);
        if (job is { Succeeded: true })
        {
            await CompleteAsync(report, job, cancellationToken);
        }
        else if (job is { Failed: true })
        {
            outcomes.Fail(report, $"The report provider could not produce the report: {(job.Error ?? "no reason given").TrimEnd('.')}.");
        }
        else if (message.Scheduled)
        {
            ContinuePolling(report, tracked, job);
        }
    }

    /// <summary>
    /// A poll that failed for good (the provider unreachable through every retry) would end the polling chain and leave
    /// the report Running forever: it ends Failed instead. A webhook's check failing leaves the polling to finish it.
    /// </summary>
    public async Task OnFinalFailureAsync(CheckExternalReport message, MessageContext context, string reason, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (message.Scheduled && report is { IsFinal: false })
        {
            outcomes.Fail(report, $"The report provider could not be reached to collect the report after {context.Envelope.Attempt} attempts ({reason}).");
        }
    }

    public async Task OnReplayAsync(CheckExternalReport message, CancellationToken cancellationToken) =>
        outcomes.Reopen(await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken), ReportStatus.Running);

    private void ContinuePolling(ReportRequest report, ExternalReportJob tracked, ProviderJob? job)
    {
        var now = time.GetUtcNow();
        var timeout = reports.Value.TimeoutFor(report.ReportType);
        if (now - (report.StartedAt ?? report.CreatedAt) > timeout)
        {
            outcomes.Fail(report, $"The report provider did not deliver the report within {timeout}.");
        }
        else if (job is null || now - tracked.SubmittedAt > external.Value.JobTimeout)
        {
            // Lost (its store was reset) or stuck: the same Idempotency-Key returns the job if it still exists, so this
            // cannot produce a second result; the submission schedules the next poll.
            report.Stage = "resubmitting to the provider";
            publisher.Publish(new SubmitExternalReport(report.Id), new PublishOptions { Priority = report.Priority, Subject = $"report/{report.Id}" });
        }
        else
        {
            ExternalPolling.ScheduleNext(publisher, report.Id, now + external.Value.PollInterval);
        }
    }

    private async Task CompleteAsync(ReportRequest report, ProviderJob job, CancellationToken cancellationToken)
    {
        if (job.DownloadUrl is null || job.Sha256 is null)
        {
            throw new ProviderUnavailableException($"ReportHub reports job {job.Id} done but gives no download link or checksum yet.");
        }

        string? received = null;
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var stored = await files.WriteAsync(report.Id, "csv", stream => hub.DownloadAsync(job.DownloadUrl, stream, cancellationToken), cancellationToken);
            if (string.Equals(stored.Sha256, job.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                outcomes.Complete(report, stored, CsvContentType);
                return;
            }

            received = stored.Sha256;
            await files.DeleteAsync(stored.FileName, cancellationToken);
        }

        outcomes.Fail(report, $"The file from the report provider was damaged: twice its SHA-256 ({received![..12]}…) did not match the one the provider published ({job.Sha256[..12]}…), so it was discarded.");
    }
}
