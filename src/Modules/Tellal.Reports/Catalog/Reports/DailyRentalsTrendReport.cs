using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>Rentals and revenue per day over a period, days without rentals included, with a chart.</summary>
internal sealed class DailyRentalsTrendReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "daily-rentals-trend",
        "Daily rentals trend",
        "Number of rentals and rental revenue per day over the period (the last 30 days by default), charted.",
        CommonParameters.LastDays(30),
        ReportType.ChartFormats,
        new DailyRentalsTrendReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("day", "Day", ReportColumnType.Date),
        new("rentals", "Rentals", ReportColumnType.Integer),
        new("revenue", "Revenue", ReportColumnType.Money),
    ];

    private static readonly ReportChart Chart = new("Rentals per day", ReportChartKind.Line, "day", [new("rentals"), new("revenue", RightAxis: true)]);

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        progress.Report(ReportProgress.Query(10));
        var days = await db.Set<Rental>()
            .Where(r => r.Day >= period.From && r.Day <= period.To)
            .GroupBy(r => r.Day)
            .Select(g => new { Day = g.Key, Rentals = g.Count(), Revenue = g.Sum(r => r.PriceCents) })
            .ToDictionaryAsync(d => d.Day, cancellationToken);

        progress.Report(ReportProgress.Aggregate(60));
        var rows = Enumerable.Range(0, period.Days)
            .Select(offset => period.From.AddDays(offset))
            .Select(day => days.TryGetValue(day, out var d)
                ? new object?[] { day, (long)d.Rentals, ReportFigures.FromCents(d.Revenue) }
                : [day, 0L, 0m])
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Daily rentals, {period}", parameters.Describe(), Columns, rows, Chart);
    }
}
