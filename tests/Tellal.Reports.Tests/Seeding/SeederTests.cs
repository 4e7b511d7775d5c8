using System.Diagnostics;
using Tellal.Reports.Tests.Infrastructure;
using Tellal.Reports.Warehouse;
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
        Assert.Equal(first.RowCounts[WarehouseModel.RentalsTable], forced.RowCounts[WarehouseModel.RentalsTable]);
    }

    [Fact]
    public async Task Default_scale_seeds_into_sqlite_well_under_30_seconds_of_cpu()
    {
        await using var database = new SqliteTestDatabase();
        var (result, _, cpu, progressReports) = await MeasureSeedAsync(database, WarehouseScale.Default);

        Assert.True(progressReports > 10);
        Assert.Equal(WarehouseProfile.For(WarehouseScale.Default).Rentals, result.RowCounts[WarehouseModel.RentalsTable]);
        // The budget is 30 s of wall time on an idle two-core machine; CPU time is what stays stable when the
        // machine is shared (generation runs beside the inserts, so CPU time is the sum of both).
        Assert.True(cpu < TimeSpan.FromSeconds(30), $"took {cpu.TotalSeconds:F1} s of CPU");
    }

    // Seed timings per scale and database (PostgreSQL, the large scale) are a benchmark now:
    // bench/Tellal.Benchmarks --scenario seed (docs/benchmarks.md). Here only the default-scale budget is checked.
    private async Task<(WarehouseSeedResult Result, TimeSpan Wall, TimeSpan Cpu, int ProgressReports)> MeasureSeedAsync(SqliteTestDatabase database, WarehouseScale scale)
    {
        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        var progressReports = 0;
        var tableDone = new Dictionary<string, TimeSpan>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();

        var result = await WarehouseSeeder.SeedAsync(db, scale, AsOf,
            new SynchronousProgress<WarehouseSeedProgress>(p =>
            {
                progressReports++;
                tableDone[p.Table] = stopwatch.Elapsed;
            }),
            TestContext.Current.CancellationToken);

        var (wall, cpu) = (stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
        output.WriteLine($"{scale} scale on {database.Provider}: {result.TotalRows:N0} rows in {wall.TotalSeconds:F1} s (CPU {cpu.TotalSeconds:F1} s)");
        foreach (var (table, rows) in result.RowCounts)
        {
            output.WriteLine($"  {table}: {rows:N0} rows, written by {tableDone[table].TotalSeconds:F1} s");
        }

        return (result, wall, cpu, progressReports);
    }
}

/// <summary><see cref="Progress{T}"/> posts to the thread pool; tests want the callback inline.</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
