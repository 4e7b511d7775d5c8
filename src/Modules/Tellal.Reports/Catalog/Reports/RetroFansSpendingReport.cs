using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// Spending per country of older customers who keep renting retro games of a genre (by default: over 40, at
/// least 3 rentals of 1990s strategy games in the period). Age is this year's age from the birth year: over 40
/// means born before (as-of year - 40). Spending covers rentals, in-game purchases and snacks in the period.
/// </summary>
internal sealed class RetroFansSpendingReport : IReportQuery
{
    public static ReportType Type { get; } = new(
        "retro-fans-spending",
        "Spending of older fans of retro games, by country",
        "Customers over an age who rented at least N games of a genre released in a year range (1990s strategy by default) in the period, and what they spent, per country.",
        [
            .. CommonParameters.LastDays(365),
            ReportParameterDefinition.Int("minAge", "Customers older than this (years).", 40, 0, 120),
            ReportParameterDefinition.Int("minRentals", "At least this many rentals of such games in the period.", 3, 1, 1000),
            ReportParameterDefinition.Enum("genre", "Game genre.", Genres.Strategy, Genres.All),
            ReportParameterDefinition.Int("releasedFrom", "Games released in or after this year.", 1990, 1970, 2100),
            ReportParameterDefinition.Int("releasedTo", "Games released in or before this year.", 1999, 1970, 2100),
        ],
        ReportType.TableFormats,
        new RetroFansSpendingReport(),
        Ranges: [CommonParameters.Period, new("releasedFrom", "releasedTo")]);

    private static readonly ReportColumn[] Columns =
    [
        new("country", "Country", ReportColumnType.Text),
        new("customers", "Customers", ReportColumnType.Integer),
        new("retro_rentals", "Retro rentals", ReportColumnType.Integer),
        new("rental_spend", "Rental spend", ReportColumnType.Money),
        new("in_game_spend", "In-game spend", ReportColumnType.Money),
        new("snack_spend", "Snack spend", ReportColumnType.Money),
        new("total_spend", "Total spend", ReportColumnType.Money),
    ];

    public async Task<ReportTable> RunAsync(TellalDbContext db, ReportParameters parameters, IProgress<ReportProgress> progress, CancellationToken cancellationToken)
    {
        var period = ReportPeriod.Of(parameters);
        var latestBirthYear = parameters.AsOf.Year - parameters.GetInt("minAge") - 1;
        var minRentals = parameters.GetInt("minRentals");
        var genre = parameters.GetString("genre");
        var releasedFrom = parameters.GetInt("releasedFrom");
        var releasedTo = parameters.GetInt("releasedTo");

        var rentals = db.Set<Rental>().Where(r => r.Day >= period.From && r.Day <= period.To);
        var fans =
            from r in rentals
            join g in db.Set<Game>() on r.GameId equals g.Id
            join c in db.Set<Customer>() on r.CustomerId equals c.Id
            where g.Genre == genre && g.ReleaseYear >= releasedFrom && g.ReleaseYear <= releasedTo && c.BirthYear <= latestBirthYear
            group r by new { c.Id, c.Country } into grp
            where grp.Count() >= minRentals
            select new { grp.Key.Id, grp.Key.Country, RetroRentals = grp.Count() };
        var fanIds = fans.Select(f => f.Id);

        progress.Report(ReportProgress.Query(10));
        var fansByCountry = (await fans.ToListAsync(cancellationToken)).ToLookup(f => f.Country);
        progress.Report(ReportProgress.Query(30));
        var rentalSpend = await SpendByCountryAsync(db, rentals.Where(r => fanIds.Contains(r.CustomerId))
            .Select(r => new Spend { CustomerId = r.CustomerId, AmountCents = r.PriceCents }), cancellationToken);
        progress.Report(ReportProgress.Query(45));
        var inGameSpend = await SpendByCountryAsync(db, db.Set<InGamePurchase>()
            .Where(p => p.PurchasedAt >= period.Start && p.PurchasedAt < period.End && fanIds.Contains(p.CustomerId))
            .Select(p => new Spend { CustomerId = p.CustomerId, AmountCents = p.AmountCents }), cancellationToken);
        progress.Report(ReportProgress.Query(60));
        var snackSpend = await SpendByCountryAsync(db, db.Set<SnackOrder>()
            .Where(o => o.Day >= period.From && o.Day <= period.To && fanIds.Contains(o.CustomerId))
            .Select(o => new Spend { CustomerId = o.CustomerId, AmountCents = o.AmountCents }), cancellationToken);

        progress.Report(ReportProgress.Aggregate(70));
        var rows = fansByCountry
            .Select(country => new CountrySpend(
                country.Key, country.Count(), country.Sum(f => (long)f.RetroRentals), rentalSpend.GetValueOrDefault(country.Key),
                inGameSpend.GetValueOrDefault(country.Key), snackSpend.GetValueOrDefault(country.Key)))
            .OrderByDescending(c => c.TotalCents).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Select(c => new object?[]
            {
                c.Country, (long)c.Customers, c.RetroRentals, ReportFigures.FromCents(c.RentalCents), ReportFigures.FromCents(c.InGameCents),
                ReportFigures.FromCents(c.SnackCents), ReportFigures.FromCents(c.TotalCents),
            })
            .ToList();
        progress.Report(ReportProgress.QueryDone());
        return new ReportTable($"Spending of retro {genre} fans over {parameters.GetInt("minAge")}, {period}", parameters.Describe(), Columns, rows);
    }

    private sealed record CountrySpend(string Country, int Customers, long RetroRentals, long RentalCents, long InGameCents, long SnackCents)
    {
        public long TotalCents => RentalCents + InGameCents + SnackCents;
    }

    /// <summary>An amount a customer spent; set by member initializers, which EF can translate through a join.</summary>
    private sealed class Spend
    {
        public long CustomerId { get; init; }
        public long AmountCents { get; init; }
    }

    /// <summary>Sums amounts per customer country, in the database.</summary>
    private static Task<Dictionary<string, long>> SpendByCountryAsync(TellalDbContext db, IQueryable<Spend> spends, CancellationToken cancellationToken) =>
        (from s in spends
         join c in db.Set<Customer>() on s.CustomerId equals c.Id
         group s by c.Country into g
         select new { Country = g.Key, Amount = g.Sum(s => s.AmountCents) })
        .ToDictionaryAsync(g => g.Country, g => g.Amount, cancellationToken);
}
