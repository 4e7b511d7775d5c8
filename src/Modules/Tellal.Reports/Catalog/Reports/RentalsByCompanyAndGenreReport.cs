using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>One day's rentals per partner company and genre, with revenue, cost and profit.</summary>
internal sealed class RentalsByCompanyAndGenreReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "rentals-by-company-genre",
        "Daily rentals by partner company and genre",
        "Rentals of one day (yesterday by default) per partner company and game genre, with revenue, cost and profit.",
        [ReportParameterDefinition.Date("date", "The day (UTC); defaults to yesterday.", today => today.AddDays(-1))],
        ReportType.TableFormats,
        new RentalsByCompanyAndGenreReport());

    private static readonly ReportColumn[] Columns =
    [
        new("company", "Partner company", ReportColumnType.Text),
        new("company_country", "Company country", ReportColumnType.Text),
        new("genre", "Genre", ReportColumnType.Text),
        new("rentals", "Rentals", ReportColumnType.Integer),
        new("revenue", "Revenue", ReportColumnType.Money),
        new("cost", "Cost", ReportColumnType.Money),
        new("profit", "Profit", ReportColumnType.Money),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var day = parameters.GetDate("date");
        progress.Report(ReportProgress.Query(10));
        var groups = await (
                from r in db.Set<Rental>()
                where r.Day == day
                join g in db.Set<Game>() on r.GameId equals g.Id
                join c in db.Set<PartnerCompany>() on r.CompanyId equals c.Id
                group r by new { CompanyId = c.Id, Company = c.Name, c.Country, g.Genre } into grp
                select new
                {
                    grp.Key.CompanyId, grp.Key.Company, grp.Key.Country, grp.Key.Genre,
                    Rentals = grp.Count(), Revenue = grp.Sum(r => r.PriceCents), Cost = grp.Sum(r => r.CostCents),
                })
            .ToListAsync(cancellationToken);

        progress.Report(ReportProgress.Aggregate(60));
        var rows = groups
            .OrderBy(g => g.Company, StringComparer.Ordinal).ThenBy(g => g.CompanyId).ThenBy(g => g.Genre, StringComparer.Ordinal)
            .Select(g => new object?[]
            {
                g.Company, g.Country, g.Genre, (long)g.Rentals,
                ReportFigures.FromCents(g.Revenue), ReportFigures.FromCents(g.Cost), ReportFigures.FromCents(g.Revenue - g.Cost),
            })
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Rentals on {day:yyyy-MM-dd} by partner company and genre", parameters.Describe(), Columns, rows);
    }
}
