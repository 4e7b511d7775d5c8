using System.Globalization;
using System.Text.Json;
using Tellal.Contracts.Telemetry;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Storage;
using Tellal.Reports.Catalog;
using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Tests.Seeding;
using Tellal.Reports.Warehouse;
using Tellal.Reports.Warehouse.Apps;

namespace Tellal.Reports.Tests.Catalog;

/// <summary>
/// The two report types on the game apps' telemetry, on known data fed to the warehouse through the handlers of
/// telemetry's messages, as it arrives in production (a roll-up overtaken by a newer one, a purchase delivered twice, a
/// rejected receipt): the figures are checked exactly, cell by cell. Runs once per database.
/// </summary>
public abstract class AppReportChecks
{
    private static readonly DateOnly Today = new(2025, 6, 15);
    private static readonly DateTimeOffset Noon = new(2025, 6, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly ReportCatalog _catalog = new();
    private readonly ReportParameterValidator _validator = new(new FixedTimeProvider(Today));

    protected abstract Task<ITestDatabase> CreateDatabaseAsync();

    [Fact]
    public async Task Active_users_trend_shows_the_newest_roll_up_of_each_day_and_leaves_days_not_rolled_up_empty()
    {
        await using var database = await CreateDatabaseAsync();
        await FeedAsync(database,
            RolledUp("2025-06-10", 5, 8, 12, 20, version: 0, Noon),
            RolledUp("2025-06-11", 6, 9, 13, 21, version: 0, Noon.AddDays(1)),
            // Late events for the 11th: rolled again (version 1); then the older roll-up is delivered again, late.
            RolledUp("2025-06-11", 7, 10, 14, 22, version: 1, Noon.AddDays(2)),
            RolledUp("2025-06-11", 6, 9, 13, 21, version: 0, Noon.AddDays(1)),
            RolledUp("2025-06-13", 4, 11, 15, 23, version: 0, Noon.AddDays(3)),
            // Outside the period asked for.
            RolledUp("2025-06-09", 99, 99, 99, 99, version: 0, Noon));

        var table = await RunAsync(database, "active-users-trend", """{ "from": "2025-06-10", "to": "2025-06-13" }""");

        Assert.Equal(["day", "dau", "wau", "two_week", "mau"], table.Columns.Select(c => c.Key));
        AssertRows(
        [
            "DateOnly 2025-06-10 | Int64 5 | Int64 8 | Int64 12 | Int64 20",
            "DateOnly 2025-06-11 | Int64 7 | Int64 10 | Int64 14 | Int64 22",
            "DateOnly 2025-06-12 | null | null | null | null",
            "DateOnly 2025-06-13 | Int64 4 | Int64 11 | Int64 15 | Int64 23",
        ], table);
        Assert.NotNull(table.Chart);
        Assert.Contains(ReportFormat.Png, _catalog.Find("active-users-trend")!.Formats);
    }

    [Fact]
    public async Task Verified_revenue_sums_only_verified_purchases_per_game_and_currency_at_the_store_price()
    {
        await using var database = await CreateDatabaseAsync();
        await using (var db = database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            db.AddRange(
                new Game { Id = 1, Title = "Dragon Quest", Genre = "RPG", Platform = "PC", Publisher = "P", ReleaseYear = 1990 },
                new Game { Id = 2, Title = "Tetris", Genre = "Puzzle", Platform = "PC", Publisher = "P", ReleaseYear = 1989 });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var twice = Decided(1, Noon, verified: true, 990_000, "EUR");
        await FeedAsync(database,
            Decided(1, Noon, verified: true, 4_990_000, "EUR"),
            twice,
            twice, // delivered again: counted once
            Decided(1, Noon.AddDays(1), verified: true, 9_990_000, "USD"),
            // A forged receipt for game 1 and one altered to a higher price for game 2: never revenue.
            Decided(1, Noon, verified: false, null, null),
            Decided(2, Noon, verified: false, null, null),
            Decided(2, Noon.AddDays(2), verified: true, 1_500_000, "EUR"),
            // A game the warehouse does not know, and purchases outside the period (the day before, the day after).
            Decided(77, Noon, verified: true, 123_456, "EUR"),
            Decided(2, new DateTimeOffset(2025, 6, 9, 23, 59, 59, TimeSpan.Zero), verified: true, 50_000_000, "EUR"),
            Decided(2, new DateTimeOffset(2025, 6, 13, 0, 0, 0, TimeSpan.Zero), verified: true, 50_000_000, "EUR"));

        var table = await RunAsync(database, "verified-revenue-per-game", """{ "from": "2025-06-10", "to": "2025-06-12" }""");

        Assert.Equal(["game_id", "game", "currency", "purchases", "revenue"], table.Columns.Select(c => c.Key));
        AssertRows(
        [
            "Int64 1 | String Dragon Quest | String EUR | Int64 2 | decimal 5.98",
            "Int64 2 | String Tetris | String EUR | Int64 1 | decimal 1.5",
            "Int64 77 | null | String EUR | Int64 1 | decimal 0.123456",
            "Int64 1 | String Dragon Quest | String USD | Int64 1 | decimal 9.99",
        ], table);
        Assert.Null(table.Chart);
    }

    private static ActiveUsersRolledUp RolledUp(string day, int dau, int wau, int twoWeek, int mau, int version, DateTimeOffset rolledAt) =>
        new(DateOnly.Parse(day, CultureInfo.InvariantCulture), dau, wau, twoWeek, mau, version, rolledAt);

    private static PurchaseDecided Decided(long gameId, DateTimeOffset at, bool verified, long? priceMicros, string? currency) =>
        new(Guid.NewGuid(), "app", gameId, at, verified, verified ? "gems" : null, priceMicros, currency, at.AddMinutes(1));

    /// <summary>Each message handled in a unit of work of its own, as the warehouse queue's consumer does.</summary>
    private static async Task FeedAsync(ITestDatabase database, params object[] messages)
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = database.CreateContext())
        {
            await db.Database.EnsureCreatedAsync(ct);
        }

        var context = new MessageContext(new Envelope { Id = Guid.NewGuid(), Source = "test", Type = "test", Time = Noon, Data = "{}" }, "reports.warehouse", 1);
        foreach (var message in messages)
        {
            await using var db = database.CreateContext();
            await (message switch
            {
                ActiveUsersRolledUp rolledUp => new ActiveUsersRolledUpHandler(db).HandleAsync(rolledUp, context, ct),
                PurchaseDecided decided => new PurchaseDecidedHandler(db).HandleAsync(decided, context, ct),
                _ => throw new ArgumentException(message.GetType().Name),
            });
            await db.SaveChangesAsync(ct);
        }
    }

    private async Task<ReportTable> RunAsync(ITestDatabase database, string report, string json)
    {
        var type = _catalog.Find(report)!;
        var validation = _validator.Validate(type, JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));
        Assert.True(validation.IsValid, string.Join("; ", validation.Errors.SelectMany(e => e.Value)));
        var progress = new List<ReportProgress>();
        await using TellalDbContext db = database.CreateContext();
        var table = await type.Query.RunAsync(db, validation.Parameters!, new SynchronousProgress<ReportProgress>(progress.Add), TestContext.Current.CancellationToken);
        Assert.Equal(ReportProgress.QueryDonePercent, progress[^1].Percent);
        Assert.All(table.Rows, row => Assert.Equal(table.Columns.Count, row.Length));
        return table;
    }

    private static void AssertRows(string[] expected, ReportTable actual) => Assert.Equal(expected, actual.Rows.Select(Describe));

    private static string Describe(object?[] row) => string.Join(" | ", row.Select(value => value switch
    {
        null => "null",
        DateOnly day => $"DateOnly {day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}",
        decimal number => $"decimal {number.ToString("0.##########", CultureInfo.InvariantCulture)}",
        IFormattable formattable => $"{value.GetType().Name} {formattable.ToString(null, CultureInfo.InvariantCulture)}",
        _ => $"{value.GetType().Name} {value}",
    }));
}

public sealed class SqliteAppReportChecks : AppReportChecks
{
    protected override Task<ITestDatabase> CreateDatabaseAsync() => Task.FromResult<ITestDatabase>(new SqliteTestDatabase());
}

public sealed class PostgresAppReportChecks : AppReportChecks
{
    protected override async Task<ITestDatabase> CreateDatabaseAsync() => await PostgresTestDatabase.CreateAsync(CancellationToken.None);
}
