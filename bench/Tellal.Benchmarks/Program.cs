using Tellal.Benchmarks;

// End-to-end benchmarks of the messaging pipeline; see docs/benchmarks.md for what is measured and how.
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
Console.WriteLine($"<!-- {options.Scenario} on {options.DisplayLabel}: {Machine.Describe()}; publishers {options.Publishers}; runs {options.Repeat} -->");
Console.WriteLine();
switch (options.Scenario)
{
    case BenchScenario.Throughput:
        await ThroughputScenario.RunAsync(options);
        break;
    case BenchScenario.Latency:
        await LatencyScenario.RunAsync(options);
        break;
}

return 0;
