using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// Which snack brands the biggest weekend snackers prefer. The snackers are the customers who spent most on
/// weekend (Saturday/Sunday, UTC) orders in the period; a brand's "fans" are those whose most ordered brand it
/// is (ties: higher spend, then brand name).
/// </summary>
internal sealed class WeekendSnackBrandsReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "weekend-snack-brands",
        "Snack brands preferred by the biggest weekend snackers",
        "Takes the customers who spent most on weekend snack, food and drink orders in the period (the last 90 days by default) and shows which brands they prefer.",
        [
            .. CommonParameters.LastDays(90),
            ReportParameterDefinition.Int("snackers", "How many of the biggest weekend snackers to look at.", 1000, 1, 100_000),
        ],
        ReportType.ChartFormats,
        new WeekendSnackBrandsReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("brand", "Brand", ReportColumnType.Text),
        new("category", "Category", ReportColumnType.Text),
        new("fans", "Favourite of", ReportColumnType.Integer),
        new("snackers", "Ordered by", ReportColumnType.Integer),
        new("orders", "Orders", ReportColumnType.Integer),
        new("amount", "Amount", ReportColumnType.Money),
        new("spend_share", "Share of spend", ReportColumnType.Percent),
    ];

    private static readonly ReportChart Chart = new("Favourite brand of the biggest weekend snackers", ReportChartKind.Bar, "brand", [new("fans")]);

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        var weekend = db.Set<SnackOrder>().Where(o => o.Day >= period.From && o.Day <= period.To
            && (o.Day.DayOfWeek == DayOfWeek.Saturday || o.Day.DayOfWeek == DayOfWeek.Sunday));
        var biggestSnackers = weekend
            .GroupBy(o => o.CustomerId)
            .Select(g => new { CustomerId = g.Key, Amount = g.Sum(o => o.AmountCents) })
            .OrderByDescending(g => g.Amount).ThenBy(g => g.CustomerId)
            .Take(parameters.GetInt("snackers"))
            .Select(g => g.CustomerId);

        progress.Report(ReportProgress.Query(10));
        var tastes = await weekend
            .Where(o => biggestSnackers.Contains(o.CustomerId))
            .GroupBy(o => new { o.CustomerId, o.Brand, o.Category })
            .Select(g => new { g.Key.CustomerId, g.Key.Brand, g.Key.Category, Orders = g.Count(), Amount = g.Sum(o => o.AmountCents) })
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Aggregate(50));
        var favourites = tastes.GroupBy(t => t.CustomerId)
            .Select(customer => customer
                .OrderByDescending(t => t.Orders).ThenByDescending(t => t.Amount).ThenBy(t => t.Brand, StringComparer.Ordinal)
                .First().Brand)
            .CountBy(brand => brand)
            .ToDictionary(StringComparer.Ordinal);
        var totalAmount = tastes.Sum(t => t.Amount);
        var rows = tastes.GroupBy(t => (t.Brand, t.Category))
            .Select(brand => (brand.Key.Brand, brand.Key.Category, Fans: favourites.GetValueOrDefault(brand.Key.Brand),
                Snackers: brand.Count(), Orders: brand.Sum(t => (long)t.Orders), Amount: brand.Sum(t => t.Amount)))
            .OrderByDescending(b => b.Fans).ThenByDescending(b => b.Orders).ThenBy(b => b.Brand, StringComparer.Ordinal)
            .Select(b => new object?[]
            {
                b.Brand, b.Category, (long)b.Fans, (long)b.Snackers, b.Orders,
                ReportFigures.FromCents(b.Amount), ReportFigures.Share(b.Amount, totalAmount),
            })
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Brands of the biggest weekend snackers, {period}", parameters.Describe(), Columns, rows, Chart);
    }
}
