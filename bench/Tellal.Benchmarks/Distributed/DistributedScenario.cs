using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Benchmarks.Submit;
using Tellal.Reports;
using Tellal.Reports.Catalog;

namespace Tellal.Benchmarks.Distributed;

/// <summary>
/// <c>--scenario distributed</c>: a trivial report through the whole distributed pipeline, in separate processes on
/// shared servers: POST on a web node -> outbox -> RabbitMQ -> a worker produces it -> RabbitMQ -> the notifier stores
/// the notification -> RabbitMQ -> the web node pushes the popup, which a SignalR client receives. Latency is submit
/// to popup, measured at a fixed open-loop rate below saturation; throughput is a burst submitted as fast as the
/// web node accepts it, counted until its last popup. Beside it, in the same run on the same broker, the raw
/// RabbitMQ.Client publish-confirm-consume-ack rate, and the ratio of the two; and on the same database, the rate of
/// <see cref="BareReportProduction"/> (the same report by as many workers, nothing around it), and the burst's share of it.
/// </summary>
public static class DistributedScenario
{
    private const ReportFormat Format = ReportFormat.Csv;
    /// <summary>The worker node's consumers on reports.generate, and the bare production's workers: the same number.</summary>
    private const int WorkerConsumers = 8;
    private const int BurstConcurrency = 16;

    public static async Task RunAsync(BenchOptions options)
    {
        var rabbitMq = Required(options.RabbitMq, "--rabbitmq or TELLAL_TEST_RABBITMQ");
        var redis = Required(options.Redis, "--redis or TELLAL_TEST_REDIS");
        var reportType = options.ReportType;
        var raw = await RawRabbitMqRate.MeasureAsync(rabbitMq, options.Messages, options.Timeout);

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = rabbitMq,
            ["ConnectionStrings__redis"] = redis,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"b{Guid.NewGuid():N}"[..20],
            [$"Tellal__Messaging__Queues__{ReportsModule.GenerateQueue}__Concurrency"] = WorkerConsumers.ToString(CultureInfo.InvariantCulture),
        };
        var postgres = options with { Database = BenchDatabaseKind.Postgres };
        await using var web = await TellalNode.StartAsync(postgres, "web", environment: environment);
        await web.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        await using var worker = await TellalNode.StartAsync(postgres, "worker", web, environment);
        await using var notifier = await TellalNode.StartAsync(postgres, "notifier,scheduler", web, environment);
        await Task.WhenAll(worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(5)), notifier.WaitUntilReadyAsync(TimeSpan.FromMinutes(5)));

        using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = await web.SignInAsync();
        var popups = new ConcurrentDictionary<Guid, TimeSpan>();
        var clock = Stopwatch.StartNew();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(web.BaseAddress, "/hubs/notifications"), o =>
            {
                o.SkipNegotiation = true;
                o.Transports = HttpTransportType.WebSockets;
                o.AccessTokenProvider = () => Task.FromResult(http.DefaultRequestHeaders.Authorization?.Parameter);
            })
            .Build();
        hub.On<JsonElement>("notification", n =>
        {
            if (n.GetProperty("kind").GetString() == "report.ready")
            {
                popups.TryAdd(n.GetProperty("reportId").GetGuid(), clock.Elapsed);
            }
        });
        await hub.StartAsync();

        // Warm-up (JIT, pools, first queries): not measured.
        await WaitForPopupsAsync(popups, await SubmitManyAsync(http, clock, reportType, 10, BurstConcurrency), options.Timeout);

        Console.WriteLine($"Report: {reportType}, {Format}, {options.Scale} warehouse; {WorkerConsumers} consumers on the worker node, {WorkerConsumers} bare workers.");
        Console.WriteLine("| pipeline | reports | reports/s | p50 ms | p99 ms | raw RabbitMQ msg/s (publish+confirm+consume+ack) | ratio | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var rate in options.Rates)
        {
            var submitted = await SubmitAtRateAsync(http, clock, reportType, rate, options.Duration);
            await WaitForPopupsAsync(popups, submitted, options.Timeout);
            var latencies = submitted.Select(s => (popups[s.Key] - s.Value).TotalMilliseconds).ToList();
            var seconds = (submitted.Keys.Max(id => popups[id]) - submitted.Values.Min()).TotalSeconds;
            Row($"open loop at {rate}/s", submitted.Count, submitted.Count / seconds, latencies, raw);
        }

        var burst = await SubmitManyAsync(http, clock, reportType, options.Reports, BurstConcurrency);
        await WaitForPopupsAsync(popups, burst, options.Timeout);
        var burstRate = burst.Count / (burst.Keys.Max(id => popups[id]) - burst.Values.Min()).TotalSeconds;
        Row($"burst of {options.Reports}", burst.Count, burstRate, burst.Select(s => (popups[s.Key] - s.Value).TotalMilliseconds).ToList(), raw);
        var bareRate = await BareReportProduction.MeasureAsync(worker.Configuration, reportType, Format, options.Reports, WorkerConsumers);
        Row($"bare production, {WorkerConsumers} workers", options.Reports, bareRate, latencies: [], raw);
        Console.WriteLine();
        Console.WriteLine($"burst vs bare: {Stats.Format(burstRate / bareRate, 2)}");
        Console.WriteLine();
        Console.WriteLine($"Raw RabbitMQ alone: {Stats.Format(raw.PublishConfirmPerSecond)} msg/s publish+confirm, " +
            $"{Stats.Format(raw.EndToEndPerSecond)} msg/s through consume+ack ({raw.Messages} persistent 200-byte messages).");
    }

    private static void Row(string what, int count, double perSecond, List<double> latencies, RawRabbitMqRate.Result raw) =>
        Console.WriteLine($"| {what} | {count} | **{Stats.Format(perSecond, 1)}** | {Stats.Format(Stats.Percentile(latencies, 50))} | " +
            $"**{Stats.Format(Stats.Percentile(latencies, 99))}** | {Stats.Format(raw.EndToEndPerSecond)} | 1 : {Stats.Format(raw.EndToEndPerSecond / perSecond)} | {Machine.Load1:F2} |");

    /// <summary>Open loop: request k leaves at start + k / rate whether or not earlier ones have answered.</summary>
    private static async Task<Dictionary<Guid, TimeSpan>> SubmitAtRateAsync(HttpClient http, Stopwatch clock, string reportType, int rate, TimeSpan duration)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var started = clock.Elapsed;
        var requests = new List<Task<(Guid, TimeSpan)>>(count);
        for (var k = 0; k < count; k++)
        {
            var wait = started + TimeSpan.FromSeconds((double)k / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            requests.Add(SubmitAsync(http, clock, reportType));
        }

        return (await Task.WhenAll(requests)).ToDictionary(r => r.Item1, r => r.Item2);
    }

    private static async Task<Dictionary<Guid, TimeSpan>> SubmitManyAsync(HttpClient http, Stopwatch clock, string reportType, int count, int concurrency)
    {
        var submitted = new ConcurrentDictionary<Guid, TimeSpan>();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (_, _) =>
        {
            var (id, at) = await SubmitAsync(http, clock, reportType);
            submitted[id] = at;
        });
        return new Dictionary<Guid, TimeSpan>(submitted);
    }

    private static async Task<(Guid Id, TimeSpan At)> SubmitAsync(HttpClient http, Stopwatch clock, string reportType)
    {
        var at = clock.Elapsed;
        using var response = await http.PostAsJsonAsync("/api/reports", new { reportType, format = Format.ToString().ToLowerInvariant() });
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return ((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), at);
    }

    private static async Task WaitForPopupsAsync(ConcurrentDictionary<Guid, TimeSpan> popups, Dictionary<Guid, TimeSpan> submitted, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!submitted.Keys.All(popups.ContainsKey))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{submitted.Keys.Count(id => !popups.ContainsKey(id))} popups did not arrive within {timeout}.");
            }

            await Task.Delay(50);
        }
    }

    private static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"The distributed scenario needs {what} (bash eng/services.sh env).") : value;
}
