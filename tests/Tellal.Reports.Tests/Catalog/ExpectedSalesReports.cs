using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Tests.Catalog;

/// <summary>
/// The rental reports' figures computed again, independently: LINQ to objects over the generated rows, days taken
/// from the timestamps (not the stored day columns), money summed in cents.
/// </summary>
internal static class ExpectedSalesReports
{
    public static DateOnly DayOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.UtcDateTime);

    public static bool Within(DateTimeOffset moment, DateOnly from, DateOnly to) => DayOf(moment) >= from && DayOf(moment) <= to;

    public static decimal Money(long cents) => cents / 100m;

    public static List<object?[]> TopReviewedGames(WarehouseData data, int year, int top)
    {
        var rentals = data.Rentals.Where(r => r.RentedAt.UtcDateTime.Year == year).ToList();
        var rentedGames = rentals.Select(r => r.GameId).ToHashSet();
        var ranked = data.Reviews
            .Where(v => v.IsPositive && v.ReviewedAt.UtcDateTime.Year == year && rentedGames.Contains(v.GameId))
            .GroupBy(v => v.GameId)
            .Select(g => (GameId: g.Key, Positive: g.Count()))
            .OrderByDescending(g => g.Positive).ThenBy(g => g.GameId)
            .Take(top)
            .ToList();

        var rows = new List<object?[]>();
        foreach (var (game, rank) in ranked.Select((g, i) => (g, i + 1)))
        {
            var info = data.GameById[game.GameId];
            var byCountry = rentals.Where(r => r.GameId == game.GameId)
                .GroupBy(r => data.CustomerById[r.CustomerId].Country)
                .Select(g => (Country: g.Key, Rentals: g.Count(), Revenue: g.Sum(r => r.PriceCents)))
                .OrderByDescending(g => g.Revenue).ThenBy(g => g.Country, StringComparer.Ordinal);
            rows.AddRange(byCountry.Select(c => new object?[]
            {
                (long)rank, info.Title, info.Genre, info.Platform, (long)game.Positive, c.Country, (long)c.Rentals, Money(c.Revenue),
            }));
        }

        return rows;
    }

    public static List<object?[]> RentalsByCompanyAndGenre(WarehouseData data, DateOnly day) =>
        data.Rentals.Where(r => DayOf(r.RentedAt) == day)
            .GroupBy(r => (Company: data.CompanyById[r.CompanyId], data.GameById[r.GameId].Genre))
            .OrderBy(g => g.Key.Company.Name, StringComparer.Ordinal).ThenBy(g => g.Key.Company.Id).ThenBy(g => g.Key.Genre, StringComparer.Ordinal)
            .Select(g =>
            {
                var (revenue, cost) = (g.Sum(r => r.PriceCents), g.Sum(r => r.CostCents));
                return new object?[]
                {
                    g.Key.Company.Name, g.Key.Company.Country, g.Key.Genre, (long)g.Count(), Money(revenue), Money(cost), Money(revenue - cost),
                };
            })
            .ToList();

    public static List<object?[]> RetroFansSpending(
        WarehouseData data, DateOnly asOf, DateOnly from, DateOnly to, int minAge, int minRentals, string genre, int releasedFrom, int releasedTo)
    {
        var rentals = data.Rentals.Where(r => Within(r.RentedAt, from, to)).ToList();
        var fans = rentals
            .Where(r => data.GameById[r.GameId] is var g && g.Genre == genre && g.ReleaseYear >= releasedFrom && g.ReleaseYear <= releasedTo)
            .Where(r => asOf.Year - data.CustomerById[r.CustomerId].BirthYear > minAge)
            .GroupBy(r => r.CustomerId)
            .Where(g => g.Count() >= minRentals)
            .ToDictionary(g => g.Key, g => g.Count());

        long SpendOf(string country, IEnumerable<(long CustomerId, long Cents)> spends) =>
            spends.Where(s => fans.ContainsKey(s.CustomerId) && data.CustomerById[s.CustomerId].Country == country).Sum(s => s.Cents);

        return fans.Keys.GroupBy(id => data.CustomerById[id].Country)
            .Select(country =>
            {
                var rented = SpendOf(country.Key, rentals.Select(r => (r.CustomerId, r.PriceCents)));
                var inGame = SpendOf(country.Key, data.Purchases.Where(p => Within(p.PurchasedAt, from, to)).Select(p => (p.CustomerId, p.AmountCents)));
                var snacks = SpendOf(country.Key, data.SnackOrders.Where(o => Within(o.OrderedAt, from, to)).Select(o => (o.CustomerId, o.AmountCents)));
                return (Country: country.Key, Customers: country.Count(), Retro: country.Sum(id => (long)fans[id]), rented, inGame, snacks, Total: rented + inGame + snacks);
            })
            .OrderByDescending(c => c.Total).ThenBy(c => c.Country, StringComparer.Ordinal)
            .Select(c => new object?[]
            {
                c.Country, (long)c.Customers, c.Retro, Money(c.rented), Money(c.inGame), Money(c.snacks), Money(c.Total),
            })
            .ToList();
    }

    public static List<object?[]> DailyRentals(WarehouseData data, DateOnly from, DateOnly to)
    {
        var byDay = data.Rentals.Where(r => Within(r.RentedAt, from, to)).ToLookup(r => DayOf(r.RentedAt));
        var rows = new List<object?[]>();
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            rows.Add([day, (long)byDay[day].Count(), Money(byDay[day].Sum(r => r.PriceCents))]);
        }

        return rows;
    }
}
