using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Tellal.Benchmarks.Submit;

/// <summary>
/// <c>--scenario submit</c>: POST /api/reports through the whole HTTP stack of the real executable (Kestrel,
/// authentication, validation, the submit transaction with its outbox row) at a fixed open-loop rate. A pacer
/// releases request k at <c>start + k / rate</c> whether or not earlier ones have answered, so a slow server shows
/// up as latency, not as fewer requests. Then waits until every submitted report is Ready (the workers' drain).
/// Rates run one after the other on the same node, each after the previous one has drained.
/// </summary>
public static class SubmitScenario
{
    private const string Body = """{"reportType":"top-reviewed-games"}""";

    public const string Header = """
        | database | target req/s | achieved req/s | requests | non-202 | p50 ms | p95 ms | p99 ms | max ms | p99 from due time ms | all Ready after s | drain after last submit s | load 1m |
        |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
        """;

    public static async Task RunAsync(BenchOptions options)
    {
        await using var node = await TellalNode.StartAsync(options);
        var started = Stopwatch.StartNew();
        await node.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        Console.WriteLine($"<!-- node ready after {started.Elapsed.TotalSeconds:F1} s (migrations + small seed) -->");
        Console.WriteLine();
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = node.BaseAddress,
            Timeout = TimeSpan.FromSeconds(60),
        };
        http.DefaultRequestHeaders.Authorization = await node.SignInAsync();

        // Warm-up: JIT, connection pool, first worker runs; not measured.
        var warmUp = await RunRateAsync(http, rate: 10, TimeSpan.FromSeconds(2));
        long submitted = warmUp.Accepted;
        await WaitForReadyAsync(node, submitted, options.Timeout);

        Console.WriteLine(Header);
        foreach (var rate in options.Rates)
        {
            var run = await RunRateAsync(http, rate, options.Duration);
            submitted += run.Accepted;
            var drained = await WaitForReadyAsync(node, submitted, options.Timeout);
            var allReady = drained is { } after ? Stats.Format((after - run.Started).TotalSeconds, 1) : "not within timeout";
            var afterLast = drained is { } end ? Stats.Format((end - run.LastSent).TotalSeconds, 1) : "-";
            var latencies = run.Latencies;
            Console.WriteLine($"| {options.DisplayLabel} | {rate} | {Stats.Format(run.Count / run.SendSeconds)} | {run.Count} | {run.Count - run.Accepted} | " +
                $"{Stats.Format(Stats.Percentile(latencies, 50), 1)} | {Stats.Format(Stats.Percentile(latencies, 95), 1)} | " +
                $"**{Stats.Format(Stats.Percentile(latencies, 99), 1)}** | {Stats.Format(Stats.Percentile(latencies, 100), 1)} | " +
                $"{Stats.Format(Stats.Percentile(run.FromDue, 99), 1)} | {allReady} | {afterLast} | {Machine.Load1:F2} |");
            if (run.Failures.Count > 0)
            {
                Console.Error.WriteLine($"  non-202 answers: {string.Join(", ", run.Failures.GroupBy(f => f).Select(g => $"{g.Key} x{g.Count()}"))}");
            }
        }

        var counts = await node.CountReportsByStatusAsync();
        Console.Error.WriteLine($"  reports by status at the end: {string.Join(", ", counts.Select(c => $"{c.Key} {c.Value}"))}");
    }

    private sealed record RateRun(
        DateTime Started, DateTime LastSent, double SendSeconds, int Count, int Accepted,
        List<double> Latencies, List<double> FromDue, List<string> Failures);

    private static async Task<RateRun> RunRateAsync(HttpClient http, int rate, TimeSpan duration)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var latencies = new List<double>(count);
        var fromDue = new List<double>(count);
        var failures = new List<string>();
        var accepted = 0;
        var started = DateTime.UtcNow;
        var clock = Stopwatch.StartNew();
        var requests = new List<Task>(count);
        for (var k = 0; k < count; k++)
        {
            var due = TimeSpan.FromSeconds((double)k / rate);
            var wait = due - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            requests.Add(SendAsync(due));
        }

        var lastSent = DateTime.UtcNow;
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(requests);
        return new RateRun(started, lastSent, sendSeconds, count, accepted, latencies, fromDue, failures);

        async Task SendAsync(TimeSpan due)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports")
            {
                Content = new StringContent(Body, Encoding.UTF8, new MediaTypeHeaderValue("application/json")),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            var sent = clock.Elapsed;
            string? failure = null;
            try
            {
                using var response = await http.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    failure = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                failure = exception.GetType().Name;
            }

            var done = clock.Elapsed;
            lock (latencies)
            {
                if (failure is null)
                {
                    accepted++;
                    latencies.Add((done - sent).TotalMilliseconds);
                    fromDue.Add((done - due).TotalMilliseconds);
                }
                else
                {
                    failures.Add(failure);
                }
            }
        }
    }

    /// <summary>When the number of Ready reports reached <paramref name="expected"/>; null on timeout or a failed report.</summary>
    private static async Task<DateTime?> WaitForReadyAsync(TellalNode node, long expected, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var counts = await node.CountReportsByStatusAsync();
            if (counts.GetValueOrDefault("Ready") >= expected)
            {
                return DateTime.UtcNow;
            }

            if (counts.GetValueOrDefault("Failed") > 0)
            {
                Console.Error.WriteLine($"  failed reports: {counts["Failed"]}");
                return null;
            }

            await Task.Delay(100);
        }

        return null;
    }
}
