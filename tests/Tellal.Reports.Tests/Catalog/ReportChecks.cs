using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Tellal.Reports.Catalog;
using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Tests.Seeding;
using Tellal.Reports.Warehouse;

namespace Tellal.Reports.Tests.Catalog;

/// <summary>
/// Every report run against a seeded database and compared, figure by figure, with the same report computed
/// independently in the test. Runs once per database (see the subclasses at the end).
/// </summary>
public abstract class ReportChecks(WarehouseFixture fixture)
{
    private static readonly DateOnly AsOf = WarehouseFixture.AsOf;
    private readonly ReportCatalog _catalog = new();
    private readonly ReportParameterValidator _validator = new(new FixedTimeProvider(AsOf));

    private WarehouseData Data => fixture.Data;

    [Fact]
    public async Task The_database_holds_exactly_the_generated_rows()
    {
        await using var db = fixture.CreateContext();
        var ct = TestContext.Current.CancellationToken;
        var loaded = new WarehouseData(
            await db.Set<Game>().OrderBy(x => x.Id).ToListAsync(ct), await db.Set<Customer>().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Set<PartnerCompany>().OrderBy(x => x.Id).ToListAsync(ct), await db.Set<Rental>().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Set<Review>().OrderBy(x => x.Id).ToListAsync(ct), await db.Set<PlaySession>().OrderBy(x => x.Id).ToListAsync(ct),
            await db.Set<InGamePurchase>().OrderBy(x => x.Id).ToListAsync(ct), await db.Set<SnackOrder>().OrderBy(x => x.Id).ToListAsync(ct));

        Assert.True(fixture.Seeded.Seeded);
        Assert.Equal(Data.Hash(), loaded.Hash());
    }

    [Theory]
    [InlineData("{}", 2024, 25)]
    [InlineData("""{ "year": 2023, "top": 5 }""", 2023, 5)]
    public async Task Top_reviewed_games(string json, int year, int top) =>
        AssertRows(ExpectedSalesReports.TopReviewedGames(Data, year, top), await RunAsync("top-reviewed-games", json));

    [Theory]
    [InlineData("{}", "2025-06-14")]
    [InlineData("""{ "date": "2025-06-07" }""", "2025-06-07")]
    public async Task Rentals_by_company_and_genre(string json, string day) =>
        AssertRows(ExpectedSalesReports.RentalsByCompanyAndGenre(Data, DateOnly.Parse(day, CultureInfo.InvariantCulture)), await RunAsync("rentals-by-company-genre", json));

    [Theory]
    [InlineData("{}", "2025-05-01", "2025-05-31", 100, null)]
    [InlineData("""{ "from": "2025-01-01", "to": "2025-03-31", "top": 10, "country": "tr" }""", "2025-01-01", "2025-03-31", 10, "TR")]
    public async Task Top_players(string json, string from, string to, int top, string? country) =>
        AssertRows(ExpectedPlayReports.TopPlayers(Data, Day(from), Day(to), top, country), await RunAsync("top-players", json));

    [Theory]
    [InlineData("{}", "2024-06-15", "2025-06-14", "Fighting", 400, 10)]
    [InlineData("""{ "genre": "Strategy", "minAverageScore": 350.5, "top": 5, "from": "2023-01-01" }""", "2023-01-01", "2025-06-14", "Strategy", 350.5, 5)]
    public async Task Top_played_games(string json, string from, string to, string genre, decimal minAverage, int top) =>
        AssertRows(ExpectedPlayReports.TopPlayedGames(Data, Day(from), Day(to), genre, minAverage, top), await RunAsync("top-played-games", json));

    [Theory]
    [InlineData("{}", "2025-05-01", "2025-05-31", 50)]
    [InlineData("""{ "from": "2024-01-01", "to": "2024-12-31", "top": 7 }""", "2024-01-01", "2024-12-31", 7)]
    public async Task Afk_customers(string json, string from, string to, int top) =>
        AssertRows(ExpectedPlayReports.AfkCustomers(Data, Day(from), Day(to), top), await RunAsync("afk-customers", json));

    [Theory]
    [InlineData("{}", "2025-03-17", "2025-06-14", 1000)]
    [InlineData("""{ "snackers": 20 }""", "2025-03-17", "2025-06-14", 20)]
    public async Task Weekend_snack_brands(string json, string from, string to, int snackers) =>
        AssertRows(ExpectedPlayReports.WeekendSnackBrands(Data, Day(from), Day(to), snackers), await RunAsync("weekend-snack-brands", json));

    [Theory]
    [InlineData("{}", "2024-06-15", "2025-06-14", 40, 3, "Strategy", 1990, 1999)]
    [InlineData("""{ "from": "2023-01-01", "minAge": 30, "minRentals": 1, "releasedFrom": 1985, "releasedTo": 2005 }""", "2023-01-01", "2025-06-14", 30, 1, "Strategy", 1985, 2005)]
    public async Task Retro_fans_spending(string json, string from, string to, int minAge, int minRentals, string genre, int releasedFrom, int releasedTo) =>
        AssertRows(
            ExpectedSalesReports.RetroFansSpending(Data, AsOf, Day(from), Day(to), minAge, minRentals, genre, releasedFrom, releasedTo),
            await RunAsync("retro-fans-spending", json), mayBeEmpty: json == "{}");

    [Theory]
    [InlineData("{}", "2025-05-16", "2025-06-14")]
    [InlineData("""{ "from": "2022-06-01", "to": "2022-07-10" }""", "2022-06-01", "2022-07-10")]
    public async Task Daily_rentals_trend(string json, string from, string to)
    {
        var table = await RunAsync("daily-rentals-trend", json);
        AssertRows(ExpectedSalesReports.DailyRentals(Data, Day(from), Day(to)), table);
        Assert.NotNull(table.Chart);
    }

    private static DateOnly Day(string text) => DateOnly.Parse(text, CultureInfo.InvariantCulture);

    private async Task<ReportTable> RunAsync(string report, string json)
    {
        var type = _catalog.Find(report)!;
        var validation = _validator.Validate(type, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors.SelectMany(e => e.Value)));
        var progress = new List<ReportProgress>();

        await using var db = fixture.CreateContext();
        var table = await type.Query.RunAsync(db, validation.Parameters!, new SynchronousProgress<ReportProgress>(progress.Add), TestContext.Current.CancellationToken);

        Assert.True(progress.Count >= 3, "reports progress in stages");
        Assert.Equal(progress.Select(p => p.Percent).Order(), progress.Select(p => p.Percent));
        Assert.Equal(ReportProgress.QueryDonePercent, progress[^1].Percent);
        Assert.All(table.Rows, row => Assert.Equal(table.Columns.Count, row.Length));
        return table;
    }

    /// <summary>Same rows in the same order, each value of the same CLR type and value.</summary>
    private static void AssertRows(List<object?[]> expected, ReportTable actual, bool mayBeEmpty = false)
    {
        Assert.True(mayBeEmpty || expected.Count > 0, "the check needs data to compare; pick parameters that select some");
        Assert.Equal(expected.Select(Describe), actual.Rows.Select(Describe));
    }

    private static string Describe(object?[] row) => string.Join(" | ", row.Select(value => value switch
    {
        null => "null",
        decimal number => $"decimal {number.ToString("0.##########", CultureInfo.InvariantCulture)}",
        IFormattable formattable => $"{value.GetType().Name} {formattable.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name} {value}",
    }));
}

public sealed class SqliteReportChecks(SqliteWarehouseFixture fixture) : ReportChecks(fixture), IClassFixture<SqliteWarehouseFixture>;

public sealed class PostgresReportChecks(PostgresWarehouseFixture fixture) : ReportChecks(fixture), IClassFixture<PostgresWarehouseFixture>;
