using System.Diagnostics;
using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Reports.Tests.Seeding;

public sealed class SeederTests(ITestOutputHelper output)
{
    private static readonly DateOnly AsOf = WarehouseFixture.AsOf;

    [Fact]
    public async Task Seeding_again_leaves_existing_data_alone_unless_forced()
    {
        await using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);

        var first = await WarehouseSeeder.SeedAsync(db, WarehouseScale.Small, AsOf, null, TestContext.Current.CancellationToken);
        var again = await WarehouseSeeder.SeedAsync(db, WarehouseScale.Small, AsOf, null, TestContext.Current.CancellationToken);
        var forced = await WarehouseSeeder.SeedAsync(db, new WarehouseSeedRequest(WarehouseScale.Small, AsOf, Seed: 7, Force: true), null, TestContext.Current.CancellationToken);

        Assert.True(first.Seeded);
        Assert.False(again.Seeded);
        Assert.Equal(first.RowCounts, again.RowCounts);
        Assert.True(forced.Seeded);
        Assert.Equal(first.RowCounts[Warehouse.WarehouseModel.RentalsTable], forced.RowCounts[Warehouse.WarehouseModel.RentalsTable]);
    }

    [Fact]
    public async Task Default_scale_seeds_into_sqlite_well_under_30_seconds()
    {
        await using var database = new SqliteTestDatabase();
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        var progressReports = 0;

        var stopwatch = Stopwatch.StartNew();
        var result = await WarehouseSeeder.SeedAsync(db, WarehouseScale.Default, AsOf,
            new SynchronousProgress<WarehouseSeedProgress>(_ => progressReports++), TestContext.Current.CancellationToken);

        output.WriteLine($"default scale on SQLite: {result.TotalRows:N0} rows in {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var (table, rows) in result.RowCounts)
        {
            output.WriteLine($"  {table}: {rows:N0}");
        }

        Assert.True(progressReports > 10);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed.TotalSeconds:F1} s");
    }
}

/// <summary><see cref="Progress{T}"/> posts to the thread pool; tests want the callback inline.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
