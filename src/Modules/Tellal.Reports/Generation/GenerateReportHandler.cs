using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Files;
using Tellal.Reports.Rendering;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Generation;

/// <summary>
/// Produces one report on a worker: runs its query with progress, renders the file, and leaves the outcome (Ready
/// with the file, its size and hash, or Failed on timeout) with its notification and expiry timer in the unit of work
/// the messaging core commits. Like every handler it saves nothing itself: while it runs, only its progress is
/// written, through <see cref="ProgressReporter"/> (docs/architecture.md, "Report progress"). A worker killed
/// half-way leaves the report Queued with the progress of the dead run; the message comes back after its lease and
/// the report is produced again from the start.
/// </summary>
internal sealed class GenerateReportHandler(
    TellalDbContext db,
    IServiceScopeFactory scopes,
    ReportCatalog catalog,
    ReportParameterValidator validator,
    ReportRenderers renderers,
    IReportFileStore files,
    ReportOutcomes outcomes,
    IOptions<ReportsOptions> options,
    TimeProvider time) : IMessageHandler<GenerateReport>, IFinalFailureHandler<GenerateReport>
{
    public async Task HandleAsync(GenerateReport message, MessageContext context, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (report is null || report.Status is not (ReportStatus.Queued or ReportStatus.Running))
        {
            // Cancelled, deleted or already produced (a duplicate). A file from an interrupted run may remain.
            await RemoveStrayFileAsync(report, cancellationToken);
            return;
        }

        var type = catalog.Find(report.ReportType) ?? throw new PoisonMessageException($"Unknown report type '{report.ReportType}'.");
        var parameters = ParametersOf(type, report);
        var timeout = options.Value.TimeoutFor(type.Name);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        await using var progress = ProgressReporter.Start(scopes, report.Id, time, options.Value.ProgressInterval, deadline.Token);
        StoredReportFile file;
        RenderedReport rendered = null!;
        var started = time.GetTimestamp();
        try
        {
            if (options.Value.FaultyReportTypes.Contains(type.Name, StringComparer.Ordinal))
            {
                throw new InvalidOperationException($"Injected fault: Tellal:Reports:FaultyReportTypes makes '{type.Name}' fail.");
            }

            var table = await type.Query.RunAsync(db, parameters, progress, progress.Stopped);
            await PaceAsync(started, progress, progress.Stopped);
            progress.Report(new ReportProgress(ReportProgress.Rendering, ReportProgress.QueryDonePercent + 5));
            var renderer = renderers.For(report.Format);
            file = await files.WriteAsync(report.Id, ExtensionOf(report.Format), async stream =>
                rendered = await renderer.RenderAsync(table, stream, progress.Stopped), progress.Stopped);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            if (!progress.WasStoppedByOwner)
            {
                report.StartedAt = progress.StartedAt;
                outcomes.Fail(report, $"The report did not finish within {timeout}.");
            }

            return;
        }

        report.StartedAt = progress.StartedAt;
        outcomes.Complete(report, file, rendered.ContentType);
    }

    /// <summary>The last attempt failed (the query keeps throwing): the request ends Failed, visibly, not Running forever.</summary>
    public async Task OnFinalFailureAsync(GenerateReport message, MessageContext context, string reason, CancellationToken cancellationToken)
    {
        var report = await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken);
        if (report is { IsFinal: false })
        {
            outcomes.Fail(report, $"The report could not be produced: {reason}");
        }
    }

    public async Task OnReplayAsync(GenerateReport message, CancellationToken cancellationToken) =>
        outcomes.Reopen(await db.Set<ReportRequest>().FirstOrDefaultAsync(r => r.Id == message.ReportId, cancellationToken), ReportStatus.Queued);

    private async Task PaceAsync(long started, ProgressReporter progress, CancellationToken cancellationToken)
    {
        var minimum = options.Value.MinimumDuration;
        for (var elapsed = time.GetElapsedTime(started); elapsed < minimum; elapsed = time.GetElapsedTime(started))
        {
            var share = elapsed / minimum;
            progress.Report(ReportProgress.Aggregate(ReportProgress.QueryDonePercent + (int)(share * 10)));
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }

    private ReportParameters ParametersOf(ReportType type, ReportRequest report)
    {
        var stored = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(report.ParametersJson) ?? [];
        var validation = validator.Validate(type, stored);
        return validation.Parameters is { } parameters
            ? new ReportParameters(parameters.Values, report.AsOf)
            : throw new PoisonMessageException($"The stored parameters are no longer valid: {string.Join("; ", validation.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"))}");
    }

    private async Task RemoveStrayFileAsync(ReportRequest? report, CancellationToken cancellationToken)
    {
        if (report is { Status: not ReportStatus.Ready })
        {
            await files.DeleteAsync($"{report.Id:N}.{ExtensionOf(report.Format)}", cancellationToken);
        }
    }

    private static string ExtensionOf(ReportFormat format) => format.ToString().ToLowerInvariant();
}
