using System.Diagnostics;
using System.Threading.Channels;

namespace Tellal.Benchmarks;

/// <summary>
/// Open-loop load: jobs are due at a fixed rate whatever the system does, one job per transaction, spread over
/// P publishers. Latency is taken per job when its handler transaction has committed, from the envelope's time
/// (set at publish, as the core's tellal.messages.latency histogram does) and from the time the job was due,
/// which also counts any publisher backlog (no coordinated omission).
/// </summary>
public static class LatencyScenario
{
    private const int WarmupMessages = 200;

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine("| database | target msgs/s | achieved msgs/s | messages | run | p50 ms | p95 ms | p99 ms | max ms | p99 from due time ms | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in options.Rates)
        {
            var runs = new List<LatencyResult>();
            for (var run = 1; run <= options.Repeat; run++)
            {
                var result = await RunOnceAsync(options, rate);
                runs.Add(result);
                Print(options, rate, run.ToString(System.Globalization.CultureInfo.InvariantCulture), result);
            }

            Print(options, rate, "**median**", LatencyResult.Median(runs));
        }
    }

    private static async Task<LatencyResult> RunOnceAsync(BenchOptions options, int rate)
    {
        var load = Machine.Load1;
        await using var database = await BenchDatabase.CreateAsync(options);
        await using var node = await BenchNode.StartAsync(database, options, consume: true);
        await Publishers.PublishAsync(node, WarmupMessages, 1, options.Publishers);
        await node.Probe.WaitForAsync(WarmupMessages, options.Timeout);
        node.Probe.Reset();

        var total = (int)(rate * options.Duration.TotalSeconds);
        var publishing = await PublishAtRateAsync(node, rate, total, options.Publishers);
        await node.Probe.WaitForAsync(total, options.Timeout);
        var (fromPublish, fromDue) = node.Probe.Latencies();
        return new LatencyResult(
            Messages: total,
            AchievedRate: total / publishing.TotalSeconds,
            P50: Stats.Percentile(fromPublish, 50),
            P95: Stats.Percentile(fromPublish, 95),
            P99: Stats.Percentile(fromPublish, 99),
            Max: fromPublish.Length == 0 ? double.NaN : fromPublish.Max(),
            P99FromDue: Stats.Percentile(fromDue, 99),
            Load: load);
    }

    /// <summary>A pacer releases job k at start + k/rate; publishers take released jobs as fast as they can commit.</summary>
    private static async Task<TimeSpan> PublishAtRateAsync(BenchNode node, int rate, int total, int publishers)
    {
        var due = Channel.CreateUnbounded<(int Number, DateTimeOffset DueAt)>(new UnboundedChannelOptions { SingleWriter = true });
        var start = DateTimeOffset.UtcNow;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
        {
            await foreach (var (number, dueAt) in due.Reader.ReadAllAsync())
            {
                await node.PublishAsync(number, 1, dueAt);
            }
        })).ToList();

        var released = 0;
        while (released < total)
        {
            var dueNow = Math.Min(total, (int)(stopwatch.Elapsed.TotalSeconds * rate) + 1);
            for (; released < dueNow; released++)
            {
                due.Writer.TryWrite((released, start + TimeSpan.FromSeconds(released / (double)rate)));
            }

            await Task.Delay(1); // ~1 ms timer resolution: jobs due in the same tick leave together
        }

        due.Writer.Complete();
        await Task.WhenAll(workers);
        return stopwatch.Elapsed;
    }

    private static void Print(BenchOptions options, int rate, string run, LatencyResult r) =>
        Console.WriteLine(
            $"| {options.DisplayLabel} | {rate} | {Stats.Format(r.AchievedRate)} | {r.Messages} | {run} | " +
            $"{Stats.Format(r.P50, 1)} | {Stats.Format(r.P95, 1)} | **{Stats.Format(r.P99, 1)}** | {Stats.Format(r.Max, 1)} | " +
            $"{Stats.Format(r.P99FromDue, 1)} | {Stats.Format(r.Load, 2)} |");
}

public sealed record LatencyResult(int Messages, double AchievedRate, double P50, double P95, double P99, double Max, double P99FromDue, double Load)
{
    /// <summary>Column by column: each figure is the median of its own runs.</summary>
    public static LatencyResult Median(IReadOnlyList<LatencyResult> runs) => new(
        runs[0].Messages,
        Stats.Median(runs.Select(r => r.AchievedRate)),
        Stats.Median(runs.Select(r => r.P50)),
        Stats.Median(runs.Select(r => r.P95)),
        Stats.Median(runs.Select(r => r.P99)),
        Stats.Median(runs.Select(r => r.Max)),
        Stats.Median(runs.Select(r => r.P99FromDue)),
        Stats.Median(runs.Select(r => r.Load)));
}
