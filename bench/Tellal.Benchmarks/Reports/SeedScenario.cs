using System.Diagnostics;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Benchmarks.Reports;

/// <summary>
/// <c>--scenario seed</c>: the deterministic generator into a fresh, empty warehouse at one scale; wall and CPU time,
/// rows per second, and when each table was done. Moved here from the Reports tests so the test run has no
/// on-demand (skipped) tests; one run per database, since the large scale takes minutes.
/// </summary>
public static class SeedScenario
{
    public const string Header = """
        | database | scale | rows | run | wall s | CPU s | rows/s | load 1m |
        |---|---|---:|---|---:|---:|---:|---:|
        """;

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine(Header);
        var walls = new List<double>();
        var cpus = new List<double>();
        long rows = 0;
        for (var run = 1; run <= options.Repeat; run++)
        {
            await using var database = await WarehouseDatabase.CreateAsync(options);
            var (result, wall, cpu, tables) = await SeedAsync(database, options.Scale);
            rows = result.TotalRows;
            walls.Add(wall.TotalSeconds);
            cpus.Add(cpu.TotalSeconds);
            Console.WriteLine(Row(options, rows, run.ToString(System.Globalization.CultureInfo.InvariantCulture), wall.TotalSeconds, cpu.TotalSeconds));
            Console.Error.WriteLine($"  table done at: {string.Join(", ", tables.Select(t => $"{t.Key} {result.RowCounts[t.Key]:N0} rows by {t.Value.TotalSeconds:F1} s"))}");
        }

        if (options.Repeat > 1)
        {
            Console.WriteLine(Row(options, rows, "**median**", Stats.Median(walls), Stats.Median(cpus)));
        }
    }

    /// <summary>Seeds at <paramref name="scale"/> as of today (so the reports' default date ranges hold data).</summary>
    public static async Task<(WarehouseSeedResult Result, TimeSpan Wall, TimeSpan Cpu, Dictionary<string, TimeSpan> TableDone)> SeedAsync(
        WarehouseDatabase database, WarehouseScale scale)
    {
        await using var db = database.CreateContext();
        var tableDone = new Dictionary<string, TimeSpan>();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var result = await WarehouseSeeder.SeedAsync(db, scale, Today,
            new InlineProgress<WarehouseSeedProgress>(p => tableDone[p.Table] = stopwatch.Elapsed), CancellationToken.None);
        var (wall, cpu) = (stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
        if (!result.Seeded)
        {
            throw new InvalidOperationException("The fresh warehouse was not empty.");
        }

        return (result, wall, cpu, tableDone);
    }

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    private static string Row(BenchOptions options, long rows, string run, double wall, double cpu) =>
        $"| {options.DisplayLabel} | {options.Scale} | {Stats.Format(rows)} | {run} | {Stats.Format(wall, 1)} | {Stats.Format(cpu, 1)} | {Stats.Format(rows / wall)} | {Machine.Load1:F2} |";
}

/// <summary><see cref="Progress{T}"/> posts to the thread pool; timing a table's end wants the callback inline.</summary>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
