using Microsoft.EntityFrameworkCore;
using Tellal.Reports.Requests;

namespace Tellal.Reports.Progress;

/// <summary>
/// How far the current run of a report is, shown to its owner while it runs. Written only by the worker's progress
/// writer, in short statements of its own; the report's lifecycle (<see cref="ReportRequest"/>) is written only by
/// units of work. The two never write the same row, so neither overwrites the other (docs/architecture.md, "Report progress").
/// </summary>
public sealed class ReportRunProgress
{
    public Guid ReportId { get; set; }

    /// <summary>The report's <see cref="ReportRequest.Version"/> when the run started: any later change of its state makes this row history.</summary>
    public int ReportVersion { get; set; }

    public string Stage { get; set; } = "";
    public int Percent { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A run in progress for this very state of the report (not a leftover of an earlier run or state).</summary>
    public bool Describes(ReportRequest report) =>
        ReportId == report.Id && ReportVersion == report.Version && report.Status is ReportStatus.Queued or ReportStatus.Running;

    public static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ReportRunProgress>(progress =>
        {
            progress.ToTable("rpt_run_progress");
            progress.HasKey(p => p.ReportId);
            progress.Property(p => p.Stage).HasMaxLength(50);
        });
}
