using Tellal.Reports.Tests.Infrastructure;
using static Tellal.Reports.Tests.Catalog.ExpectedSalesReports;

namespace Tellal.Reports.Tests.Catalog;

/// <summary>The play, AFK and snack reports' figures computed again, independently (see <see cref="ExpectedSalesReports"/>).</summary>
internal static class ExpectedPlayReports
{
    public static List<object?[]> TopPlayers(WarehouseData data, DateOnly from, DateOnly to, int top, string? country)
    {
        var leaders = data.Sessions
            .Where(s => Within(s.StartedAt, from, to) && (country is null || data.CustomerById[s.CustomerId].Country == country))
            .GroupBy(s => s.CustomerId)
            .Select(g => (CustomerId: g.Key, Sessions: g.Count(), Minutes: g.Sum(s => (long)s.DurationMinutes), Score: g.Sum(s => (long)s.Score)))
            .OrderByDescending(p => p.Score).ThenBy(p => p.CustomerId)
            .Take(top)
            .ToList();
        var purchases = data.Purchases.Where(p => Within(p.PurchasedAt, from, to)).ToLookup(p => p.CustomerId);
        return leaders.Select((p, i) => new object?[]
        {
            (long)i + 1, p.CustomerId, data.CustomerById[p.CustomerId].Country, (long)p.Sessions, p.Minutes, p.Score,
            (long)purchases[p.CustomerId].Count(), Money(purchases[p.CustomerId].Sum(x => x.AmountCents)),
        }).ToList();
    }

    public static List<object?[]> TopPlayedGames(WarehouseData data, DateOnly from, DateOnly to, string genre, decimal minAverage, int top) =>
        data.Sessions
            .Where(s => Within(s.StartedAt, from, to) && data.GameById[s.GameId].Genre == genre)
            .GroupBy(s => data.GameById[s.GameId])
            .Select(g => (Game: g.Key, Sessions: g.Count(), Minutes: g.Sum(s => (long)s.DurationMinutes), Score: g.Sum(s => (long)s.Score)))
            .Where(g => g.Score > minAverage * g.Sessions)
            .OrderByDescending(g => g.Minutes).ThenBy(g => g.Game.Id)
            .Take(top)
            .Select((g, i) => new object?[]
            {
                (long)i + 1, g.Game.Title, g.Game.Platform, (long)g.Game.ReleaseYear, (long)g.Sessions, g.Minutes,
                Math.Round((decimal)g.Score / g.Sessions, 2, MidpointRounding.AwayFromZero),
            })
            .ToList();

    public static List<object?[]> AfkCustomers(WarehouseData data, DateOnly from, DateOnly to, int top) =>
        data.Sessions
            .Where(s => Within(s.StartedAt, from, to))
            .GroupBy(s => data.CustomerById[s.CustomerId])
            .Select(g => (Customer: g.Key, Sessions: g.Count(), Minutes: g.Sum(s => (long)s.DurationMinutes), Afk: g.Sum(s => (long)s.AfkMinutes)))
            .Where(g => g.Afk > 0)
            .OrderByDescending(g => g.Afk).ThenBy(g => g.Customer.Id)
            .Take(top)
            .Select((g, i) => new object?[]
            {
                (long)i + 1, g.Customer.Id, g.Customer.Name, g.Customer.Email, g.Customer.Country, (long)g.Sessions, g.Minutes, g.Afk,
                Math.Round((decimal)g.Afk / g.Minutes, 4, MidpointRounding.AwayFromZero),
            })
            .ToList();

    public static List<object?[]> WeekendSnackBrands(WarehouseData data, DateOnly from, DateOnly to, int snackers)
    {
        var weekend = data.SnackOrders
            .Where(o => Within(o.OrderedAt, from, to) && DayOf(o.OrderedAt).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            .ToList();
        var biggest = weekend.GroupBy(o => o.CustomerId)
            .OrderByDescending(g => g.Sum(o => o.AmountCents)).ThenBy(g => g.Key)
            .Take(snackers)
            .Select(g => g.Key)
            .ToHashSet();
        var theirs = weekend.Where(o => biggest.Contains(o.CustomerId)).ToList();
        var favourites = theirs.GroupBy(o => o.CustomerId)
            .Select(c => c.GroupBy(o => o.Brand)
                .OrderByDescending(b => b.Count()).ThenByDescending(b => b.Sum(o => o.AmountCents)).ThenBy(b => b.Key, StringComparer.Ordinal)
                .First().Key)
            .ToList();
        var total = theirs.Sum(o => o.AmountCents);
        return theirs.GroupBy(o => o.Brand)
            .Select(b => (Brand: b.Key, b.First().Category, Fans: favourites.Count(f => f == b.Key), Snackers: b.Select(o => o.CustomerId).Distinct().Count(),
                Orders: b.Count(), Amount: b.Sum(o => o.AmountCents)))
            .OrderByDescending(b => b.Fans).ThenByDescending(b => b.Orders).ThenBy(b => b.Brand, StringComparer.Ordinal)
            .Select(b => new object?[]
            {
                b.Brand, b.Category, (long)b.Fans, (long)b.Snackers, (long)b.Orders, Money(b.Amount),
                Math.Round((decimal)b.Amount / total, 4, MidpointRounding.AwayFromZero),
            })
            .ToList();
    }
}
