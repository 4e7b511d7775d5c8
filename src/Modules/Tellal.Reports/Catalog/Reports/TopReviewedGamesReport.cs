using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The games with the most positive reviews in a year, among those rented that year, with that year's rental
/// revenue split by the renting customer's country. Ties rank by game id.
/// </summary>
internal sealed class TopReviewedGamesReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "top-reviewed-games",
        "Most positively reviewed games and their sales by country",
        "The games with the most positive reviews in a year (among games rented that year), with rentals and rental revenue per customer country.",
        [
            ReportParameterDefinition.Int("year", "Calendar year; defaults to last year.", today => today.Year - 1, 2000, 2100),
            CommonParameters.Top("How many games.", 25, 100),
        ],
        ReportType.TableFormats,
        new TopReviewedGamesReport());

    private static readonly ReportColumn[] Columns =
    [
        new("rank", "Rank", ReportColumnType.Integer),
        new("game", "Game", ReportColumnType.Text),
        new("genre", "Genre", ReportColumnType.Text),
        new("platform", "Platform", ReportColumnType.Text),
        new("positive_reviews", "Positive reviews", ReportColumnType.Integer),
        new("country", "Customer country", ReportColumnType.Text),
        new("rentals", "Rentals", ReportColumnType.Integer),
        new("revenue", "Revenue", ReportColumnType.Money),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var year = ReportPeriod.Year(parameters.GetInt("year"));
        var top = parameters.GetInt("top");
        var rentals = db.Set<Rental>().Where(r => r.Day >= year.From && r.Day <= year.To);

        progress.Report(ReportProgress.Query(10));
        var ranked = await db.Set<Review>()
            .Where(v => v.IsPositive && v.ReviewedAt >= year.Start && v.ReviewedAt < year.End)
            .GroupBy(v => v.GameId)
            .Select(g => new { GameId = g.Key, Positive = g.Count() })
            .Where(g => rentals.Any(r => r.GameId == g.GameId))
            .OrderByDescending(g => g.Positive).ThenBy(g => g.GameId)
            .Take(top)
            .ToListAsync(cancellationToken);
        var ids = ranked.Select(g => g.GameId).ToList();
        var games = await db.Set<Game>().Where(g => ids.Contains(g.Id)).ToDictionaryAsync(g => g.Id, cancellationToken);

        progress.Report(ReportProgress.Query(40));
        var sales = await (
                from r in rentals
                where ids.Contains(r.GameId)
                join c in db.Set<Customer>() on r.CustomerId equals c.Id
                group r by new { r.GameId, c.Country } into g
                select new { g.Key.GameId, g.Key.Country, Rentals = g.Count(), Revenue = g.Sum(r => r.PriceCents) })
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Aggregate(70));
        var salesByGame = sales.ToLookup(s => s.GameId);
        var rows = ranked.SelectMany((game, index) => salesByGame[game.GameId]
                .OrderByDescending(s => s.Revenue).ThenBy(s => s.Country, StringComparer.Ordinal)
                .Select(s => new object?[]
                {
                    (long)index + 1, games[game.GameId].Title, games[game.GameId].Genre, games[game.GameId].Platform,
                    (long)game.Positive, s.Country, (long)s.Rentals, ReportFigures.FromCents(s.Revenue),
                }))
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Top {top} positively reviewed games of {year.From.Year}", parameters.Describe(), Columns, rows);
    }
}
