using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Tellal.Reports.Files;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports;

/// <summary>Bound from <c>Tellal:Reports</c>.</summary>
public sealed record ReportsOptions
{
    public const string Section = "Tellal:Reports";

    [Description("Where report files live: Auto (the database when it is PostgreSQL, shared by every node; the data directory otherwise), FileSystem or Database.")]
    public ReportFileStorage FileStorage { get; init; } = ReportFileStorage.Auto;

    [Description("Folder (inside the data directory) for report files, when they are stored on the file system.")]
    [Required]
    public string FileFolder { get; init; } = "reports";

    [Description("A report still running after this long fails with a timeout.")]
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    [Description("Per report type timeouts, e.g. Timeouts:daily-rentals-trend = 00:02:00.")]
    public Dictionary<string, TimeSpan> Timeouts { get; init; } = [];

    [Description("Progress is written at most this often, so a fast query does not become many small writes.")]
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    [Description("Seed the company's data on a worker's first start when the warehouse is empty.")]
    public bool SeedOnFirstRun { get; init; } = true;

    [Description("Scale of that first seeding: Small, Default or Large.")]
    public WarehouseScale SeedScale { get; init; } = WarehouseScale.Default;

    [Description("Every report takes at least this long, its progress advancing evenly: lets demos and failure drills watch one run. Zero in production.")]
    public TimeSpan MinimumDuration { get; init; } = TimeSpan.Zero;

    [Description("Fault injection for failure drills: producing a report of these types throws, as a bug in its query would (retries, then the dead-letter store). Empty in production.")]
    public string[] FaultyReportTypes { get; init; } = [];

    public TimeSpan TimeoutFor(string reportType) => Timeouts.GetValueOrDefault(reportType, Timeout);
}
