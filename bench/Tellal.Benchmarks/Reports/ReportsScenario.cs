using System.Diagnostics;
using Tellal.Reports.Catalog;
using Tellal.Reports.Rendering;

namespace Tellal.Benchmarks.Reports;

/// <summary>
/// <c>--scenario reports</c>: seeds a fresh warehouse at <c>--scale</c>, then runs every catalog report type
/// <c>--repeat</c> times as a worker would, minus the request bookkeeping: its default parameters from the real
/// validator, its query on a fresh context, and rendering to CSV and (for chart types) PNG into memory.
/// Medians per type; reports/minute is what one worker doing only that type would achieve (60 s / (query + CSV)).
/// </summary>
public static class ReportsScenario
{
    public const string Header = """
        | database | scale | report type | rows | runs | query ms | CSV ms | PNG ms | reports/min (CSV) | load 1m |
        |---|---|---|---:|---:|---:|---:|---:|---:|---:|
        """;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var database = await WarehouseDatabase.CreateAsync(options);
        var (seed, wall, cpu, _) = await SeedScenario.SeedAsync(database, options.Scale);
        Console.WriteLine($"<!-- seeded {Stats.Format(seed.TotalRows)} rows in {wall.TotalSeconds:F1} s (CPU {cpu.TotalSeconds:F1} s), load {Machine.Load1:F2} -->");
        Console.WriteLine();
        Console.WriteLine(Header);

        var catalog = new ReportCatalog();
        var validator = new ReportParameterValidator(TimeProvider.System);
        var renderers = new ReportRenderers();
        foreach (var type in catalog.All)
        {
            var parameters = validator.Validate(type, raw: null).Parameters
                ?? throw new InvalidOperationException($"'{type.Name}' has no valid defaults.");
            var queries = new List<double>();
            var csvs = new List<double>();
            var pngs = new List<double>();
            var rows = 0;
            for (var run = 0; run < options.Repeat; run++)
            {
                var stopwatch = Stopwatch.StartNew();
                ReportTable table;
                await using (var db = database.CreateContext())
                {
                    table = await type.Query.RunAsync(db, parameters, NoProgress.Instance, CancellationToken.None);
                }

                queries.Add(stopwatch.Elapsed.TotalMilliseconds);
                rows = table.Rows.Count;
                csvs.Add(await RenderAsync(renderers.For(ReportFormat.Csv), table));
                if (type.Formats.Contains(ReportFormat.Png))
                {
                    pngs.Add(await RenderAsync(renderers.For(ReportFormat.Png), table));
                }
            }

            var (query, csv) = (Stats.Median(queries), Stats.Median(csvs));
            Console.WriteLine($"| {options.DisplayLabel} | {options.Scale} | {type.Name} | {Stats.Format(rows)} | {options.Repeat} | " +
                $"{Stats.Format(query, 1)} | {Stats.Format(csv, 1)} | {Stats.Format(Stats.Median(pngs), 1)} | " +
                $"{Stats.Format(60_000 / (query + csv), ReportsPerMinuteDecimals(query + csv))} | {Machine.Load1:F2} |");
        }
    }

    /// <summary>Render time only: the product writes into a file, here the bytes go to memory so disk noise stays out.</summary>
    private static async Task<double> RenderAsync(IReportRenderer renderer, ReportTable table)
    {
        using var output = new MemoryStream();
        var stopwatch = Stopwatch.StartNew();
        await renderer.RenderAsync(table, output, CancellationToken.None);
        return stopwatch.Elapsed.TotalMilliseconds;
    }

    private static int ReportsPerMinuteDecimals(double milliseconds) => milliseconds > 6_000 ? 1 : 0;
}
