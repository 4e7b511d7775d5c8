using System.Diagnostics;

namespace Tellal.Benchmarks;

/// <summary>
/// N jobs published by P concurrent publishers, <c>txSize</c> jobs per transaction. Three figures per run:
/// <list type="bullet">
/// <item>publish only: a node with no relay and no consumers, so only outbox commits are timed;</item>
/// <item>drain: a consuming node started on that backlog (relay + transport + dispatcher without publishers competing);</item>
/// <item>end to end: a consuming node while the jobs are published, first publish to last handler commit.</item>
/// </list>
/// </summary>
public static class ThroughputScenario
{
    private const int WarmupMessages = 100;

    public static async Task RunAsync(BenchOptions options)
    {
        Console.WriteLine("| database | msgs/tx | publishers | messages | run | publish-only commits/s | publish-only msgs/s | drain msgs/s | end-to-end msgs/s | publish msgs/s during e2e | e2e latency p50 / p99 ms | bench CPU µs/msg | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var txSize in options.TransactionSizes)
        {
            var runs = new List<ThroughputResult>();
            for (var run = 1; run <= options.Repeat; run++)
            {
                var result = await RunOnceAsync(options, txSize);
                runs.Add(result);
                Print(options, txSize, run.ToString(System.Globalization.CultureInfo.InvariantCulture), result);
            }

            Print(options, txSize, "**median**", ThroughputResult.Median(runs));
        }
    }

    private static async Task<ThroughputResult> RunOnceAsync(BenchOptions options, int txSize)
    {
        var load = Machine.Load1;
        var (publishOnly, drain) = await PublishOnlyThenDrainAsync(options, txSize);
        var (endToEnd, publishDuringE2e, p50, p99, cpu) = await EndToEndAsync(options, txSize);
        var commits = Math.Ceiling(options.Messages / (double)txSize);
        return new ThroughputResult(
            PublishCommitsPerSecond: commits / publishOnly.TotalSeconds,
            PublishMessagesPerSecond: options.Messages / publishOnly.TotalSeconds,
            DrainPerSecond: options.Messages / drain.TotalSeconds,
            EndToEndPerSecond: options.Messages / endToEnd.TotalSeconds,
            PublishDuringEndToEndPerSecond: options.Messages / publishDuringE2e.TotalSeconds,
            LatencyP50: p50,
            LatencyP99: p99,
            CpuMicrosecondsPerMessage: cpu.TotalMicroseconds / options.Messages,
            Load: load);
    }

    private static async Task<(TimeSpan PublishOnly, TimeSpan Drain)> PublishOnlyThenDrainAsync(BenchOptions options, int txSize)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        TimeSpan publishOnly;
        await using (var publisher = await BenchNode.StartAsync(database, options, consume: false))
        {
            await Publishers.PublishAsync(publisher, WarmupMessages, txSize, options.Publishers); // JIT, pools
            publishOnly = await Publishers.PublishAsync(publisher, options.Messages, txSize, options.Publishers);
        }

        await using var consumer = await BenchNode.StartAsync(database, options, consume: true);
        var started = DateTimeOffset.UtcNow;
        var total = options.Messages + WarmupMessages;
        await consumer.Probe.WaitForAsync(total, options.Timeout);
        await Verify(consumer, total);
        // The warm-up jobs are drained too (oldest first), so they count.
        return (publishOnly, consumer.Probe.LastHandled - started);
    }

    private static async Task<(TimeSpan EndToEnd, TimeSpan Publish, double P50, double P99, TimeSpan Cpu)> EndToEndAsync(BenchOptions options, int txSize)
    {
        await using var database = await BenchDatabase.CreateAsync(options);
        await using var node = await BenchNode.StartAsync(database, options, consume: true);
        await Publishers.PublishAsync(node, WarmupMessages, txSize, options.Publishers);
        await node.Probe.WaitForAsync(WarmupMessages, options.Timeout);
        node.Probe.Reset();

        // CPU time of this process is far less sensitive than wall time to the other work on a shared box
        // (it excludes the PostgreSQL server, which runs in its own processes).
        var cpuBefore = Environment.CpuUsage.TotalTime;
        var started = DateTimeOffset.UtcNow;
        var publish = await Publishers.PublishAsync(node, options.Messages, txSize, options.Publishers);
        await node.Probe.WaitForAsync(options.Messages, options.Timeout);
        var endToEnd = node.Probe.LastHandled - started;
        var cpu = Environment.CpuUsage.TotalTime - cpuBefore;
        await Verify(node, options.Messages + WarmupMessages);
        var (fromPublish, _) = node.Probe.Latencies();
        return (endToEnd, publish, Stats.Percentile(fromPublish, 50), Stats.Percentile(fromPublish, 99), cpu);
    }

    /// <summary>Every job handled exactly once: a benchmark that loses or duplicates work measures nothing.</summary>
    private static async Task Verify(BenchNode node, long expected)
    {
        var (effects, distinct) = await node.CountEffectsAsync();
        if (effects != expected || distinct != expected)
        {
            throw new InvalidOperationException($"Expected {expected} effects, found {effects} ({distinct} distinct messages).");
        }
    }

    private static void Print(BenchOptions options, int txSize, string run, ThroughputResult r) =>
        Console.WriteLine(
            $"| {options.DisplayLabel} | {txSize} | {options.Publishers} | {options.Messages} | {run} | " +
            $"{Stats.Format(r.PublishCommitsPerSecond)} | {Stats.Format(r.PublishMessagesPerSecond)} | {Stats.Format(r.DrainPerSecond)} | " +
            $"**{Stats.Format(r.EndToEndPerSecond)}** | {Stats.Format(r.PublishDuringEndToEndPerSecond)} | " +
            $"{Stats.Format(r.LatencyP50)} / {Stats.Format(r.LatencyP99)} | {Stats.Format(r.CpuMicrosecondsPerMessage)} | {Stats.Format(r.Load, 2)} |");
}

public sealed record ThroughputResult(
    double PublishCommitsPerSecond,
    double PublishMessagesPerSecond,
    double DrainPerSecond,
    double EndToEndPerSecond,
    double PublishDuringEndToEndPerSecond,
    double LatencyP50,
    double LatencyP99,
    double CpuMicrosecondsPerMessage,
    double Load)
{
    /// <summary>Column by column: each figure is the median of its own runs.</summary>
    public static ThroughputResult Median(IReadOnlyList<ThroughputResult> runs) => new(
        Stats.Median(runs.Select(r => r.PublishCommitsPerSecond)),
        Stats.Median(runs.Select(r => r.PublishMessagesPerSecond)),
        Stats.Median(runs.Select(r => r.DrainPerSecond)),
        Stats.Median(runs.Select(r => r.EndToEndPerSecond)),
        Stats.Median(runs.Select(r => r.PublishDuringEndToEndPerSecond)),
        Stats.Median(runs.Select(r => r.LatencyP50)),
        Stats.Median(runs.Select(r => r.LatencyP99)),
        Stats.Median(runs.Select(r => r.CpuMicrosecondsPerMessage)),
        Stats.Median(runs.Select(r => r.Load)));
}

/// <summary>Closed-loop publishers: each commits its next transaction as soon as the previous one is committed.</summary>
public static class Publishers
{
    public static async Task<TimeSpan> PublishAsync(BenchNode node, int messages, int txSize, int publishers)
    {
        var transactions = (messages + txSize - 1) / txSize;
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(_ => Task.Run(async () =>
        {
            int transaction;
            while ((transaction = Interlocked.Increment(ref next)) < transactions)
            {
                var first = transaction * txSize;
                await node.PublishAsync(first, Math.Min(txSize, messages - first), DateTimeOffset.UtcNow);
            }
        })));
        return stopwatch.Elapsed;
    }
}
