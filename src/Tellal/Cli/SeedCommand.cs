using System.CommandLine;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Cli;

internal static class SeedCommand
{
    public static Command Create()
    {
        var scale = new Option<WarehouseScale>("--scale")
        {
            Description = "small (tests), default (first run), large (at least 10 million rentals, for benchmarks).",
            DefaultValueFactory = _ => WarehouseScale.Default,
        };
        var force = new Option<bool>("--force") { Description = "Replace existing data." };
        var command = new Command("seed", "Generates the company's data (deterministic: same scale, same data).") { scale, force };
        command.AllowConfiguration().SetAction((parse, ct) => CliHost.RunWithDatabaseAsync(parse, async services =>
        {
            var db = services.GetRequiredService<TellalDbContext>();
            var request = new WarehouseSeedRequest(parse.GetValue(scale), DateOnly.FromDateTime(DateTime.UtcNow), Force: parse.GetValue(force));
            var result = await WarehouseSeeder.SeedAsync(db, request, null, ct);
            Console.WriteLine(result.Seeded
                ? $"Seeded {result.TotalRows:N0} rows in {result.Elapsed.TotalSeconds:F1} s."
                : "The warehouse already has data; --force replaces it.");
            foreach (var (table, rows) in result.RowCounts)
            {
                Console.WriteLine($"  {table,-24} {rows,12:N0}");
            }

            return 0;
        }, ct));
        return command;
    }
}
