using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Benchmarks.Submit;

namespace Tellal.Benchmarks.Rentals;

/// <summary>
/// <c>--scenario rentals</c>: rental orders end to end on Kafka, in separate processes on the test PostgreSQL and Kafka
/// cluster: POST /api/rentals on a web node -> outbox -> Kafka (inventory.rentals) -> a worker reserves the copy
/// (idempotent reservation, inbox) -> outbox -> Kafka (rentals.outcomes) -> the rental is Confirmed. A burst of orders is
/// sent as fast as the web node accepts them and counted until the last one is Confirmed; beside it, in the same run on
/// the same cluster, the raw Confluent.Kafka produce -> consume -> produce -> consume rate (<see cref="RawKafkaRate"/>).
/// </summary>
public static class RentalsScenario
{
    private const int Concurrency = 16;
    private const int Games = 50;
    private const int Customers = 800;

    public static async Task RunAsync(BenchOptions options)
    {
        var kafka = string.IsNullOrWhiteSpace(options.Kafka)
            ? throw new ArgumentException("The rentals scenario needs --kafka or TELLAL_TEST_KAFKA (bash eng/services.sh env).")
            : options.Kafka;
        var rawProcesses = new Dictionary<string, int?> { ["kafka"] = CpuTimes.KafkaMock(), ["raw clients"] = Environment.ProcessId };
        var rawCpuBefore = CpuTimes.Read(rawProcesses, postmaster: null);
        var raw = await RawKafkaRate.MeasureAsync(kafka, options.Messages, options.Timeout);
        var rawCpu = CpuTimes.Describe(rawCpuBefore, CpuTimes.Read(rawProcesses, postmaster: null), options.Messages);

        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = kafka,
            ["Tellal__Messaging__Kafka__Prefix"] = $"b{Guid.NewGuid():N}"[..20],
            // Every order can be confirmed: the burst measures the pipeline, not the refusals.
            ["Tellal__Inventory__CopiesPerGame"] = "100000",
        };
        foreach (var (key, value) in options.Settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        var postgres = options with { Database = BenchDatabaseKind.Postgres };
        await using var web = await TellalNode.StartAsync(postgres, "web,scheduler,notifier", environment: environment);
        await web.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        await using var worker = await TellalNode.StartAsync(postgres, "worker", web, environment);
        await worker.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        using var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = await web.SignInAsync();
        await WaitAsync(async () => (await http.GetAsync($"/api/inventory/games/{Games}")).StatusCode == HttpStatusCode.OK, "the catalogue to reach Inventory", options.Timeout);
        // Rentals learns the customers from the same announcement, on its own queue: an order is valid once it has.
        await WaitAsync(async () => (await PostOrderAsync(http, Customers - 1, CancellationToken.None)).StatusCode == HttpStatusCode.Accepted,
            "the catalogue to reach Rentals", options.Timeout);

        // Warm-up (JIT, pools, consumer groups joined): not measured.
        await DecidedAsync(http, await OrderManyAsync(http, options.Warmup), options.Timeout);

        var hopsBefore = await HopTimes.ReadAsync(web.BaseAddress, worker.BaseAddress);
        var processes = new Dictionary<string, int?> { ["web"] = web.ProcessId, ["worker"] = worker.ProcessId, ["kafka"] = CpuTimes.KafkaMock(), ["load generator"] = Environment.ProcessId };
        var cpuBefore = CpuTimes.Read(processes, CpuTimes.Postmaster());
        var clock = Stopwatch.StartNew();
        // --rate paces the orders (no backlog anywhere: each hop's own time); without it they come as fast as accepted.
        var orders = await OrderManyAsync(http, options.Orders, options.ExplicitRates?[0]);
        var accepted = clock.Elapsed;
        CpuTimes? cpuAfter = null;
        var decided = await DecidedAsync(http, orders, options.Timeout, () => cpuAfter = CpuTimes.Read(processes, CpuTimes.Postmaster()));
        var hopsAfter = await HopTimes.ReadAsync(web.BaseAddress, worker.BaseAddress);
        var confirmed = decided.Count(r => r.GetProperty("status").GetString() == "Confirmed");
        var span = decided.Max(r => r.GetProperty("decidedAt").GetDateTimeOffset()) - decided.Min(r => r.GetProperty("createdAt").GetDateTimeOffset());
        var rate = confirmed / span.TotalSeconds;
        var latencies = decided.Select(r => (r.GetProperty("decidedAt").GetDateTimeOffset() - r.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds).ToList();

        Console.WriteLine("| pipeline | orders | confirmed | accepted/s | confirmed/s | p50 ms | p99 ms | raw Kafka msg/s (produce+consume+produce+consume) | ratio | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var shape = options.ExplicitRates is [var paced, ..] ? $"{paced}/s" : "burst";
        Console.WriteLine($"| {shape} of {options.Orders}, {Concurrency} clients | {orders.Count} | {confirmed} | {Stats.Format(orders.Count / accepted.TotalSeconds, 1)} | " +
            $"**{Stats.Format(rate, 1)}** | {Stats.Format(Stats.Percentile(latencies, 50))} | {Stats.Format(Stats.Percentile(latencies, 99))} | " +
            $"{Stats.Format(raw)} | 1 : {Stats.Format(raw / rate, 1)} | {Machine.Load1:F2} |");
        Console.WriteLine();
        Console.WriteLine($"CPU per raw message: {rawCpu}");
        Console.WriteLine();
        Console.WriteLine($"CPU per order (from the first order until none is pending; the load generator polls every 100 ms): {CpuTimes.Describe(cpuBefore, cpuAfter!, orders.Count)}");
        Console.WriteLine();
        foreach (var line in HopTimes.Describe(hopsBefore, hopsAfter))
        {
            Console.WriteLine(line);
        }
    }

    /// <summary>
    /// One copy of a game per order, spread over games and customers, <see cref="Concurrency"/> requests at a time, at
    /// most <paramref name="perSecond"/> a second when given.
    /// </summary>
    private static async Task<List<Guid>> OrderManyAsync(HttpClient http, int count, int? perSecond = null)
    {
        var ids = new Guid[count];
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = Concurrency }, async (i, ct) =>
        {
            if (perSecond is { } rate && TimeSpan.FromSeconds((double)i / rate) - Stopwatch.GetElapsedTime(start) is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, ct);
            }

            using var response = await PostOrderAsync(http, i, ct);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                throw new InvalidOperationException($"POST /api/rentals answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }

            ids[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid();
        });
        return [.. ids];
    }

    /// <summary>Order <paramref name="i"/>: one copy of a game for a customer, both taken round-robin.</summary>
    private static Task<HttpResponseMessage> PostOrderAsync(HttpClient http, int i, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/rentals")
        {
            Content = JsonContent.Create(new { customerId = 1 + (i % Customers), items = new[] { new { gameId = 1 + (i % Games), quantity = 1 } } }),
            Headers = { { "Idempotency-Key", Guid.NewGuid().ToString("N") } },
        };
        return http.SendAsync(request, ct);
    }

    /// <summary>
    /// Waits on the list's counts (cheap) until no order of the installation is pending, then reads each order once for
    /// its timestamps, which the installation stamped: polling adds nothing to the figures.
    /// </summary>
    private static async Task<List<JsonElement>> DecidedAsync(HttpClient http, List<Guid> orders, TimeSpan timeout, Action? allDecided = null)
    {
        await WaitAsync(async () => (await http.GetFromJsonAsync<JsonElement>("/api/rentals?status=Pending")).GetProperty("totalCount").GetInt32() == 0,
            $"{orders.Count} orders to be decided", timeout);
        allDecided?.Invoke();
        var decided = new List<JsonElement>(orders.Count);
        foreach (var id in orders)
        {
            decided.Add(await http.GetFromJsonAsync<JsonElement>($"/api/rentals/{id}"));
        }

        return decided;
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Waited {timeout} for {what}.");
            }

            await Task.Delay(100);
        }
    }
}
