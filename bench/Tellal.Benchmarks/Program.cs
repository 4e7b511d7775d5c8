using Tellal.Benchmarks;
using Tellal.Benchmarks.Distributed;
using Tellal.Benchmarks.Rentals;
using Tellal.Benchmarks.Reports;
using Tellal.Benchmarks.Submit;
using Tellal.Benchmarks.Telemetry;

// End-to-end benchmarks of the messaging pipeline and of the Reports module; see docs/benchmarks.md for what is
// measured and how.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine(exception.Message);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

Experiments.ApplyProcessWide(options.Experiments);
var shape = options.Scenario switch
{
    BenchScenario.Seed or BenchScenario.Reports => $"scale {options.Scale}; runs {options.Repeat}",
    BenchScenario.Distributed => $"raw {options.Messages} messages; rates {string.Join(",", options.Rates)}/s for {options.Duration.TotalSeconds} s; burst {options.Reports}",
    BenchScenario.Rentals => $"raw {options.Messages} messages; burst of {options.Orders} orders",
    BenchScenario.Telemetry => $"rate {string.Join(",", options.Rates)} events/s for {options.Duration.TotalSeconds} s in requests of 500; backlog {options.Backlog}",
    BenchScenario.Submit => $"rates {string.Join(",", options.Rates)}/s for {options.Duration.TotalSeconds} s each",
    _ => $"publishers {options.Publishers}; runs {options.Repeat}",
};
Console.WriteLine($"<!-- {options.Scenario} on {options.DisplayLabel}: {Machine.Describe()}; {shape} -->");
Console.WriteLine();
switch (options.Scenario)
{
    case BenchScenario.Throughput:
        await ThroughputScenario.RunAsync(options);
        break;
    case BenchScenario.Latency:
        await LatencyScenario.RunAsync(options);
        break;
    case BenchScenario.Seed:
        await SeedScenario.RunAsync(options);
        break;
    case BenchScenario.Reports:
        await ReportsScenario.RunAsync(options);
        break;
    case BenchScenario.Submit:
        await SubmitScenario.RunAsync(options);
        break;
    case BenchScenario.Distributed:
        await DistributedScenario.RunAsync(options);
        break;
    case BenchScenario.Rentals:
        await RentalsScenario.RunAsync(options);
        break;
    case BenchScenario.Telemetry:
        await TelemetryScenario.RunAsync(options);
        break;
}

return 0;
