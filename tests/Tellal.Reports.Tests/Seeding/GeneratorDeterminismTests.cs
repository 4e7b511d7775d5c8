using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports.Tests.Seeding;

public sealed class GeneratorDeterminismTests
{
    private static readonly DateOnly AsOf = WarehouseFixture.AsOf;

    private static WarehouseData Small(long seed = WarehouseGenerator.DefaultSeed) =>
        WarehouseData.Generate(new WarehouseGenerator(WarehouseScale.Small, AsOf, seed));

    [Fact]
    public void Same_seed_scale_and_date_give_identical_data() => Assert.Equal(Small().Hash(), Small().Hash());

    [Fact]
    public void Another_seed_gives_other_data() => Assert.NotEqual(Small().Hash(), Small(seed: 7).Hash());

    [Fact]
    public void Another_as_of_date_shifts_the_data()
    {
        var later = WarehouseData.Generate(new WarehouseGenerator(WarehouseScale.Small, AsOf.AddDays(1)));
        Assert.NotEqual(Small().Hash(), later.Hash());
    }

    [Fact]
    public void Row_counts_follow_the_profile()
    {
        var data = Small();
        var profile = WarehouseProfile.For(WarehouseScale.Small);
        Assert.Equal(profile.Games, data.Games.Count);
        Assert.Equal(profile.Customers, data.Customers.Count);
        Assert.Equal(profile.Companies, data.Companies.Count);
        Assert.Equal(profile.Rentals, data.Rentals.Count);
        Assert.Equal(profile.Reviews, data.Reviews.Count);
        Assert.Equal(profile.Sessions, data.Sessions.Count);
        Assert.InRange(data.Purchases.Count, 1, profile.Sessions * 3);
        Assert.InRange(data.SnackOrders.Count, 1, profile.Sessions * 2);
    }

    [Fact]
    public void Every_fact_lies_in_the_history_before_the_as_of_date()
    {
        var data = Small();
        var first = new DateTimeOffset(AsOf.AddDays(-WarehouseProfile.For(WarehouseScale.Small).HistoryDays).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(AsOf.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        IEnumerable<DateTimeOffset> moments =
        [
            .. data.Rentals.Select(r => r.RentedAt), .. data.Reviews.Select(r => r.ReviewedAt), .. data.Sessions.Select(s => s.StartedAt),
            .. data.Purchases.Select(p => p.PurchasedAt), .. data.SnackOrders.Select(o => o.OrderedAt),
        ];
        Assert.All(moments, moment => Assert.InRange(moment, first, end.AddTicks(-1)));
        Assert.All(data.Rentals, r => Assert.Equal(DateOnly.FromDateTime(r.RentedAt.UtcDateTime), r.Day));
        Assert.All(data.SnackOrders, o => Assert.Equal(DateOnly.FromDateTime(o.OrderedAt.UtcDateTime), o.Day));
        Assert.All(data.Rentals, r => Assert.True(data.CustomerById[r.CustomerId].SignedUpOn <= r.Day, "rented before signing up"));
    }

    [Fact]
    public void Data_has_the_shapes_the_reports_look_for()
    {
        var data = Small();
        Assert.Contains(data.Games, g => g.Genre == Genres.Fighting);
        Assert.Contains(data.Games, g => g.Genre == Genres.Strategy && g.ReleaseYear is >= 1990 and <= 1999);
        Assert.Contains(data.Customers, c => AsOf.Year - c.BirthYear > 40);
        Assert.Contains(data.Customers, c => AsOf.Year - c.BirthYear < 25);
        Assert.True(data.Customers.Select(c => c.Country).Distinct().Count() >= 10);
        Assert.Contains(data.Sessions, s => s.AfkMinutes > s.DurationMinutes / 4);
        Assert.All(data.Sessions, s => Assert.InRange(s.AfkMinutes, 0, s.DurationMinutes));
        Assert.All(data.Reviews, r => Assert.InRange(r.Rating, 1, 5));
        Assert.All(data.Rentals, r => Assert.InRange(r.CostCents, 1, r.PriceCents));

        // Weekend snack peak: more orders per weekend day than per weekday.
        var perDay = data.SnackOrders.GroupBy(o => o.Day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            .ToDictionary(g => g.Key, g => (double)g.Count() / (g.Key ? 2 : 5));
        Assert.True(perDay[true] > 1.5 * perDay[false], $"weekend {perDay[true]:F0} vs weekday {perDay[false]:F0} orders per day-of-week");
    }
}
