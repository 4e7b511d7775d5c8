using System.Text.Json;
using Tellal.Messaging.Envelopes;
using Tellal.Reports.Catalog;
using Tellal.Reports.Progress;

namespace Tellal.Reports.Requests;

/// <summary>A report request as the API shows it. Field names are part of the stable API.</summary>
public sealed record ReportResponse(
    Guid Id,
    string ReportType,
    string Title,
    ReportStatus Status,
    int Progress,
    string? Stage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? ExpiresAt,
    string? Error,
    string? DownloadUrl,
    string OwnerName,
    ReportFormat Format,
    MessagePriority Priority,
    string Lifetime,
    JsonElement Parameters,
    string? RejectionReason,
    long? FileSize,
    string? FileSha256)
{
    public static ReportResponse From(ReportRequest report) => new(
        report.Id,
        report.ReportType,
        report.Title,
        report.Status,
        report.Progress,
        report.Stage,
        report.CreatedAt,
        report.StartedAt,
        report.CompletedAt,
        report.ExpiresAt,
        report.Error,
        report.Status == ReportStatus.Ready ? $"/api/reports/{report.Id}/file" : null,
        report.OwnerName,
        report.Format,
        report.Priority,
        report.Lifetime.Name(),
        JsonDocument.Parse(report.ParametersJson).RootElement.Clone(),
        report.RejectionReason,
        report.FileSize,
        report.FileSha256);

    /// <summary>With the progress of the report's run, which is what the owner sees while it runs (see <see cref="RunningReports"/>).</summary>
    internal static ReportResponse From(ReportRequest report, ReportRunProgress? run) =>
        run is not null && run.Describes(report)
            ? From(report) with { Status = ReportStatus.Running, Progress = run.Percent, Stage = run.Stage, StartedAt = run.StartedAt }
            : From(report);
}

public sealed record AcceptedReport(Guid Id, ReportStatus Status);
