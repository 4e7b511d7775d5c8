using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The players with the highest total score in a period, with their in-game spending in the same period.
/// Players appear by id and country only, so the report holds no personal data.
/// </summary>
internal sealed class TopPlayersReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "top-players",
        "Top-scoring players and their in-game spending",
        "Players ranked by total score over their play sessions in the period (last month by default), with play time and in-game purchases.",
        [
            .. CommonParameters.LastMonth(),
            CommonParameters.Top("How many players.", 100, 1000),
            ReportParameterDefinition.OptionalString("country", "Only players from this country (ISO code, e.g. TR).", 2, 2),
        ],
        ReportType.TableFormats,
        new TopPlayersReport(),
        Ranges: [CommonParameters.Period]);

    private static readonly ReportColumn[] Columns =
    [
        new("rank", "Rank", ReportColumnType.Integer),
        new("player_id", "Player id", ReportColumnType.Integer),
        new("country", "Country", ReportColumnType.Text),
        new("sessions", "Sessions", ReportColumnType.Integer),
        new("play_minutes", "Play minutes", ReportColumnType.Integer),
        new("total_score", "Total score", ReportColumnType.Integer),
        new("purchases", "In-game purchases", ReportColumnType.Integer),
        new("in_game_spend", "In-game spend", ReportColumnType.Money),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        var top = parameters.GetInt("top");
        var country = parameters.GetOptionalString("country")?.ToUpperInvariant();

        progress.Report(ReportProgress.Query(10));
        var leaders = await (
                from s in db.Set<PlaySession>()
                where s.StartedAt >= period.Start && s.StartedAt < period.End
                join c in db.Set<Customer>() on s.CustomerId equals c.Id
                where country == null || c.Country == country
                group s by new { c.Id, c.Country } into g
                select new
                {
                    g.Key.Id, g.Key.Country, Sessions = g.Count(),
                    Minutes = g.Sum(s => (long)s.DurationMinutes), Score = g.Sum(s => (long)s.Score),
                })
            .OrderByDescending(p => p.Score).ThenBy(p => p.Id)
            .Take(top)
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Query(50));
        var ids = leaders.Select(p => p.Id).ToList();
        var spending = await db.Set<InGamePurchase>()
            .Where(p => ids.Contains(p.CustomerId) && p.PurchasedAt >= period.Start && p.PurchasedAt < period.End)
            .GroupBy(p => p.CustomerId)
            .Select(g => new { CustomerId = g.Key, Purchases = g.Count(), Amount = g.Sum(p => p.AmountCents) })
            .ToDictionaryAsync(g => g.CustomerId, cancellationToken);

        progress.Report(ReportProgress.Aggregate(70));
        var rows = leaders.Select((p, index) =>
        {
            var spent = spending.GetValueOrDefault(p.Id);
            return new object?[]
            {
                (long)index + 1, p.Id, p.Country, (long)p.Sessions, p.Minutes, p.Score,
                (long)(spent?.Purchases ?? 0), ReportFigures.FromCents(spent?.Amount ?? 0),
            };
        }).ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Top {top} players, {period}", parameters.Describe(), Columns, rows);
    }
}
