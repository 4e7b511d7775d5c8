using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse.Apps;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The game apps' active players per day over a period (DAU, and the 7, 14 and 30 days ending with each day), charted.
/// The figures are telemetry's exact roll-ups of closed days; a day not rolled up yet (today, or one whose events are
/// still being moved) has empty cells rather than zeros, which would read as "nobody played".
/// </summary>
internal sealed class ActiveUsersTrendReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "active-users-trend",
        "Active players trend",
        "Distinct players of the game apps per day over the period (the last 90 days by default): daily, and over the 7, 14 and 30 days ending with each day, charted.",
        CommonParameters.LastDays(90),
        ReportType.ChartFormats,
        new ActiveUsersTrendReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("day", "Day", ReportColumnType.Date),
        new("dau", "Daily", ReportColumnType.Integer),
        new("wau", "7 days", ReportColumnType.Integer),
        new("two_week", "14 days", ReportColumnType.Integer),
        new("mau", "30 days", ReportColumnType.Integer),
    ];

    private static readonly ReportChart Chart = new("Active players", ReportChartKind.Line, "day", [new("dau"), new("wau"), new("two_week"), new("mau")]);

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        progress.Report(ReportProgress.Query(10));
        var days = await db.Set<AppActiveUsersDay>().AsNoTracking()
            .Where(d => d.Day >= period.From && d.Day <= period.To)
            .ToDictionaryAsync(d => d.Day, cancellationToken);

        progress.Report(ReportProgress.Aggregate(60));
        var rows = Enumerable.Range(0, period.Days)
            .Select(offset => period.From.AddDays(offset))
            .Select(day => days.TryGetValue(day, out var d)
                ? new object?[] { day, (long)d.Dau, (long)d.Wau, (long)d.TwoWeek, (long)d.Mau }
                : [day, null, null, null, null])
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Active players, {period}", parameters.Describe(), Columns, rows, Chart);
    }
}
