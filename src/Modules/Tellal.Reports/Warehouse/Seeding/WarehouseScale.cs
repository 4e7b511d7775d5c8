namespace Tellal.Reports.Warehouse.Seeding;

public enum WarehouseScale
{
    /// <summary>A few thousand rentals: for tests.</summary>
    Small,

    /// <summary>Enough for realistic reports (hundreds of rentals a day); seeds into SQLite in about ten seconds.</summary>
    Default,

    /// <summary>Ten million rentals: for benchmarks.</summary>
    Large,
}

/// <summary>
/// Row targets of one scale. Facts are spread over <see cref="HistoryDays"/> days before the as-of date;
/// purchases and snack orders follow from the sessions, so their counts are outcomes, not targets.
/// </summary>
public sealed record WarehouseProfile(
    int Games, int Customers, int Companies, long Rentals, long Reviews, long Sessions, int HistoryDays)
{
    public static WarehouseProfile For(WarehouseScale scale) => scale switch
    {
        WarehouseScale.Small => new(Games: 300, Customers: 800, Companies: 8, Rentals: 6_000, Reviews: 2_500, Sessions: 6_000, HistoryDays: 1_095),
        WarehouseScale.Default => new(Games: 2_000, Customers: 30_000, Companies: 40, Rentals: 300_000, Reviews: 60_000, Sessions: 200_000, HistoryDays: 1_095),
        WarehouseScale.Large => new(Games: 20_000, Customers: 1_000_000, Companies: 120, Rentals: 10_000_000, Reviews: 2_000_000, Sessions: 5_000_000, HistoryDays: 1_095),
        _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, null),
    };
}
