using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Generation;
using Tellal.Reports.Requests;

namespace Tellal.Reports.External;

/// <summary>
/// Hands an external report to ReportHub. The Idempotency-Key is derived from the report, so a retried or repeated
/// submission (after a timeout, a lost job) can never create a second result. When the provider is unavailable the
/// call throws and the messaging core retries the message later with backoff: the report waits in the queue, and
/// while the circuit is open those retries fail fast without touching the provider.
/// </summary>
internal sealed class SubmitExternalReportHandler(
    TellalDbContext db,
    ReportCatalog catalog,
    ReportHubClient hub,
    ReportOutcomes outcomes,
    IMessagePublisher publisher,
    IOptions<ExternalReportsOptions> options,
    TimeProvider time) : IMessageHandler<SubmitExternalReport>, IFinalFailureHandler<SubmitExternalReport>
{
    public static string IdempotencyKeyOf(Guid reportId) => $"tellal-report-{reportId:N}";

    public async Task HandleAsync(SubmitExternalReport message, MessageContext context, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (report is null || report.Status is not (ReportStatus.Queued or ReportStatus.Running))
        {
            return;
        }

        var kind = catalog.Find(report.ReportType)?.ExternalKind
            ?? throw new PoisonMessageException($"Report type '{report.ReportType}' is not an external type here.");
        var parameters = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(report.ParametersJson) ?? [];
        ProviderJob job;
        try
        {
            job = await hub.CreateJobAsync(kind, parameters, report.Id.ToString("N"), IdempotencyKeyOf(report.Id), cancellationToken);
        }
        catch (ProviderRejectedException rejected)
        {
            outcomes.Fail(report, $"The report provider refused the request. {rejected.Message}");
            return;
        }

        var now = time.GetUtcNow();
        var tracked = await db.Set<ExternalReportJob>().FirstOrDefaultAsync(j => j.ReportId == report.Id, cancellationToken);
        if (tracked is null)
        {
            tracked = new ExternalReportJob { ReportId = report.Id };
            db.Set<ExternalReportJob>().Add(tracked);
        }

        tracked.ProviderJobId = job.Id;
        tracked.SubmittedAt = now;
        tracked.Submissions++;
        report.Status = ReportStatus.Running;
        report.StartedAt ??= now;
        report.Stage = "at the provider";
        report.Version++;
        ExternalPolling.ScheduleNext(publisher, report.Id, now + options.Value.PollInterval);
    }

    /// <summary>The provider stayed unreachable through every retry: the report ends Failed and the owner is told why.</summary>
    public async Task OnFinalFailureAsync(SubmitExternalReport message, MessageContext context, string reason, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (report is { IsFinal: false })
        {
            outcomes.Fail(report, $"The report provider could not be reached after {context.Envelope.Attempt} attempts ({reason}).");
        }
    }

    public async Task OnReplayAsync(SubmitExternalReport message, CancellationToken cancellationToken) =>
        outcomes.Reopen(await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken), ReportStatus.Queued);
}

internal static class ExternalPolling
{
    public static void ScheduleNext(IMessagePublisher publisher, Guid reportId, DateTimeOffset due) =>
        publisher.Publish(new CheckExternalReport(reportId, Scheduled: true), new PublishOptions { NotBefore = due, Subject = $"report/{reportId}" });
}
