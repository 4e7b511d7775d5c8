using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Apps;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// In-app purchases per game over a period (by when they were made, UTC), counting only those the store verified, at
/// the store's price, one row per game and currency (amounts in different currencies are never added). Rejected
/// receipts are never revenue. Sums are of integer micros, so both databases give the same figures.
/// </summary>
internal sealed class VerifiedRevenueReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "verified-revenue-per-game",
        "Verified in-app revenue per game",
        "In-app purchases the app store verified, per game and currency, over the period (the last 30 days by default), at the store's prices; rejected receipts are left out.",
        CommonParameters.LastDays(30),
        ReportType.TableFormats,
        new VerifiedRevenueReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("game_id", "Game id", ReportColumnType.Integer),
        new("game", "Game", ReportColumnType.Text),
        new("currency", "Currency", ReportColumnType.Text),
        new("purchases", "Verified purchases", ReportColumnType.Integer),
        new("revenue", "Revenue", ReportColumnType.Money),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        progress.Report(ReportProgress.Query(10));
        var games = await db.Set<AppPurchase>().AsNoTracking()
            .Where(p => p.Verified && p.OccurredAt >= period.Start && p.OccurredAt < period.End)
            .GroupBy(p => new { p.GameId, p.Currency })
            .Select(g => new { g.Key.GameId, g.Key.Currency, Purchases = g.Count(), Micros = g.Sum(p => p.PriceMicros ?? 0) })
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Aggregate(50));
        var ids = games.Select(g => g.GameId).Distinct().ToList();
        // Apps may report games the warehouse does not know (yet): they are listed by id without a title.
        var titles = await db.Set<Game>().AsNoTracking().Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, g => g.Title, cancellationToken);

        var rows = games
            .OrderBy(g => g.Currency, StringComparer.Ordinal).ThenByDescending(g => g.Micros).ThenBy(g => g.GameId)
            .Select(g => new object?[] { g.GameId, titles.GetValueOrDefault(g.GameId), g.Currency, (long)g.Purchases, ReportFigures.FromMicros(g.Micros) })
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Verified in-app revenue per game, {period}", parameters.Describe(), Columns, rows);
    }
}
