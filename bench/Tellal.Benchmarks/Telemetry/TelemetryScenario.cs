using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;
using RabbitMQ.Client;
using Tellal.Benchmarks.Submit;

namespace Tellal.Benchmarks.Telemetry;

/// <summary>
/// <c>--scenario telemetry</c>: players' events through the product's ingest pipeline, in separate processes on the
/// test PostgreSQL and RabbitMQ: a web node (the API, outbox -> RabbitMQ) and an ingest node (COPY into staging, the
/// mover into the partitioned permanent table). Events are sent by the product's own load generator,
/// <c>tellal simulate telemetry</c>, run as a process. In one run:
/// <list type="number">
/// <item>accept latency (request to 202) at a fixed open-loop rate in requests of 500 events;</item>
/// <item>the ingest node paused (SIGSTOP), a backlog of <see cref="BenchOptions.Backlog"/> accepted events sent, and
/// the web node's memory (peak and settled working set, GC heap) while it waits;</item>
/// <item>the node resumed on that backlog: accepted -> permanent events/s, from the first to the last row in
/// <c>tel_events</c>; then the same again with the node stopped and a new one started on a second backlog (its
/// start-up, JIT included, inside the drain);</item>
/// <item>beside it, on the same server, a raw Npgsql binary COPY of the same rows (read back from <c>tel_events</c>)
/// into a table with the permanent table's columns and keys, and the ratio of the two.</item>
/// </list>
/// </summary>
public static partial class TelemetryScenario
{
    private const int LatencyBatch = 500;
    /// <summary>The API's largest request: the backlog is sent as fast as the web node takes it.</summary>
    private const int BacklogBatch = 1000;
    private const int BacklogRate = 50_000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);
    /// <summary>How often a drain is looked at: its figures are at most this pessimistic at each end.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(BenchOptions options)
    {
        var rabbitMq = string.IsNullOrWhiteSpace(options.RabbitMq)
            ? throw new ArgumentException("The telemetry scenario needs --rabbitmq or TELLAL_TEST_RABBITMQ (bash eng/services.sh env).")
            : options.RabbitMq;
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__rabbitmq"] = rabbitMq,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"b{Guid.NewGuid():N}"[..20],
        };
        var postgres = options with { Database = BenchDatabaseKind.Postgres };
        await using var web = await TellalNode.StartAsync(postgres, "web", environment: environment);
        await web.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        await using var ingest = await TellalNode.StartAsync(postgres, "ingest", web, environment);
        await ingest.WaitUntilReadyAsync(TimeSpan.FromMinutes(5));
        var database = new NpgsqlConnectionStringBuilder(options.Postgres) { Database = web.DatabaseName }.ConnectionString;
        var key = (await web.RunCommandAsync(new Dictionary<string, string>(), "telemetry", "keys", "add", "--app", "bench")).TrimEnd().Split('\n')[^1].Trim();

        // Warm-up (JIT, pools, partitions, the mover's lease): not measured.
        var sent = (await SimulateAsync(web, key, rate: 1000, seconds: 2, LatencyBatch)).Distinct;
        await WaitForPermanentAsync(database, sent, options.Timeout);

        Console.WriteLine("| step | events | events/s | accept p50 ms | accept p99 ms | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var rate in options.Rates)
        {
            var run = await SimulateAsync(web, key, rate, (int)options.Duration.TotalSeconds, LatencyBatch);
            Console.WriteLine($"| open loop at {rate}/s, requests of {LatencyBatch} | {run.Distinct} | {Stats.Format(run.Rate)} | {Stats.Format(run.P50, 1)} | **{Stats.Format(run.P99, 1)}** | {Machine.Load1:F2} |");
            sent += run.Distinct;
            await WaitForPermanentAsync(database, sent, options.Timeout);
        }

        // The backlog, twice: accepted events wait in RabbitMQ while the web node takes more, then an ingest node drains
        // them. First the node that has run since the start, paused while they are sent (SIGSTOP): the pipeline as it runs.
        // Then a node started on the second backlog: the same plus its start-up (JIT, pools), as after a restart.
        await using var broker = await new ConnectionFactory { Uri = new Uri(rabbitMq) }.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        var queue = $"{environment["Tellal__Messaging__RabbitMq__Prefix"]}.telemetry.ingest";
        Func<Task<uint>> waiting = async () => (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        Signal(ingest.ProcessId, "STOP");
        var (backlog, memory) = await SendBacklogAsync(web, key, database, options);
        // From the moment it runs again: the pause's end is the drain's start.
        var clock = Stopwatch.StartNew();
        Signal(ingest.ProcessId, "CONT");
        sent += backlog.Distinct;
        var warm = backlog.Distinct / (await DrainedAtAsync(database, waiting, sent, clock, options.Timeout)).TotalSeconds;

        await ingest.DisposeAsync();
        var (second, _) = await SendBacklogAsync(web, key, database, options);
        Console.WriteLine();
        var queued = await waiting();
        clock = Stopwatch.StartNew();
        await using var drain = await TellalNode.StartAsync(postgres, "ingest", web, environment);
        // From the last look at the queue before the new node took its first messages: its start-up is not counted,
        // its JIT and cold pools while it drains are.
        var started = await LastPollBeforeAsync(async () => await waiting() < queued, clock, options.Timeout);
        sent += second.Distinct;
        var fresh = second.Distinct / (await DrainedAtAsync(database, waiting, sent, clock, options.Timeout) - started).TotalSeconds;
        var raw = await RawCopyRateAsync(database);

        Console.WriteLine("| accepted -> permanent | events | events/s | raw binary COPY rows/s (same rows, same server) | share of raw | load 1m |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (what, rate) in new[] { ("backlog drained by the running ingest node (paused while it was sent)", warm), ("backlog drained by a fresh ingest node", fresh) })
        {
            Console.WriteLine($"| {what} | {backlog.Distinct} | **{Stats.Format(rate)}** | {Stats.Format(raw.PerSecond)} ({raw.Rows} rows) | " +
                $"**{Stats.Format(100 * rate / raw.PerSecond)}%** | {Machine.Load1:F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"Web node with {backlog.Distinct} events waiting (ingest node paused): working set peak {Mib(memory.Peak)} MiB while they were sent, " +
            $"{Mib(memory.Settled)} MiB after; GC heap {Mib(memory.Heap)} MiB. The fresh node took its first messages {Stats.Format(started.TotalSeconds, 1)} s after it was started.");
    }

    private sealed record Memory(long Peak, long Settled, long Heap);

    /// <summary>Sends <see cref="BenchOptions.Backlog"/> events in the API's largest requests, reading the web node's memory meanwhile and after.</summary>
    private static async Task<(Simulation Sent, Memory Memory)> SendBacklogAsync(TellalNode web, string key, string database, BenchOptions options)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((double)options.Backlog / BacklogRate));
        var sending = SimulateAsync(web, key, (double)options.Backlog / seconds, seconds, BacklogBatch);
        var peak = await PeakWorkingSetAsync(web.ProcessId, sending);
        var backlog = await sending;
        await WaitAsync(async () => await CountAsync(database, "msg_outbox") == 0, "the web node's outbox to reach RabbitMQ", options.Timeout);
        await Task.Delay(TimeSpan.FromSeconds(5));
        var memory = new Memory(peak, WorkingSet(web.ProcessId), await GcHeapAsync(web.BaseAddress));
        Console.WriteLine($"| backlog sent, ingest node down or paused, requests of {BacklogBatch} | {backlog.Distinct} | {Stats.Format(backlog.Rate)} | {Stats.Format(backlog.P50, 1)} | {Stats.Format(backlog.P99, 1)} | {Machine.Load1:F2} |");
        return (backlog, memory);
    }

    private static void Signal(int processId, string signal)
    {
        using var kill = Process.Start("kill", $"-{signal} {processId}");
        kill.WaitForExit();
    }

    private sealed record Simulation(long Distinct, double Rate, double P50, double P99);

    /// <summary>The product's load generator: no duplicates or purchases, so every event sent is one permanent row.</summary>
    private static async Task<Simulation> SimulateAsync(TellalNode web, string key, double rate, int seconds, int batch)
    {
        var output = await web.RunCommandAsync(new Dictionary<string, string> { ["TELLAL_TELEMETRY_KEY"] = key },
            "simulate", "telemetry", "--url", web.BaseAddress.ToString(), "--devices", "1000", "--rate", rate.ToString(CultureInfo.InvariantCulture),
            "--duration", seconds.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture),
            "--duplicates", "0", "--purchases", "0", "--clients", "64");
        var latency = LatencyLine().Match(output);
        return new Simulation(long.Parse(Field(output, "distinct events"), CultureInfo.InvariantCulture),
            double.Parse(Field(output, "sent rate").Split(' ')[0], CultureInfo.InvariantCulture),
            double.Parse(latency.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(latency.Groups[2].Value, CultureInfo.InvariantCulture));
    }

    private static string Field(string output, string name) =>
        output.Split('\n').First(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

    [GeneratedRegex(@"accept latency:\s+p50 ([0-9.]+) ms, p99 ([0-9.]+) ms")]
    private static partial Regex LatencyLine();

    private static async Task<long> CountAsync(string database, string table)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static Task WaitForPermanentAsync(string database, long count, TimeSpan timeout) =>
        WaitAsync(async () => await CountAsync(database, "tel_events") >= count, $"{count} events in tel_events", timeout);

    /// <summary>
    /// The time on <paramref name="clock"/> at which a look found <paramref name="count"/> events permanent. The
    /// permanent table is counted only once the queue and staging are empty: a count of a million rows at every look
    /// took 50-120 ms of PostgreSQL's CPU (more with its parallel workers) from the pipeline it measures.
    /// </summary>
    private static async Task<TimeSpan> DrainedAtAsync(string database, Func<Task<uint>> waiting, long count, Stopwatch clock, TimeSpan timeout)
    {
        while (clock.Elapsed < timeout)
        {
            if (await waiting() == 0 && await CountAsync(database, "(SELECT 1 FROM tel_staged_events LIMIT 1) staged") == 0
                && await CountAsync(database, "tel_events") >= count)
            {
                // After the count, not before: the last move may have committed while it ran.
                return clock.Elapsed;
            }

            await Task.Delay(Look);
        }

        throw new TimeoutException($"{count} events were not permanent within {timeout}.");
    }

    /// <summary>The time on <paramref name="clock"/> of the last look before <paramref name="condition"/> held.</summary>
    private static async Task<TimeSpan> LastPollBeforeAsync(Func<Task<bool>> condition, Stopwatch clock, TimeSpan timeout)
    {
        var before = clock.Elapsed;
        while (clock.Elapsed < timeout)
        {
            var looked = clock.Elapsed;
            if (await condition())
            {
                return before;
            }

            before = looked;
            await Task.Delay(Look);
        }

        throw new TimeoutException($"The drain did not start within {timeout}.");
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

            await Task.Delay(Poll);
        }
    }

    private sealed record EventRow(Guid EventId, string App, string DeviceId, string PlayerId, long GameId, string Type, DateTime OccurredAt, string Data);

    /// <summary>
    /// The permanent rows read into memory, then written with one binary COPY (as StagingWriter writes them) into a
    /// plain table with tel_events' columns, primary key and index: the floor the pipeline is compared with.
    /// </summary>
    private static async Task<(long Rows, double PerSecond)> RawCopyRateAsync(string database)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        var rows = new List<EventRow>();
        await using (var read = new NpgsqlCommand("SELECT event_id, app, device_id, player_id, game_id, type, occurred_at, data FROM tel_events", connection))
        await using (var reader = await read.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add(new EventRow(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4),
                    reader.GetString(5), reader.GetDateTime(6), reader.GetString(7)));
            }
        }

        await using (var create = new NpgsqlCommand("""
            CREATE TABLE bench_raw_events (LIKE tel_events INCLUDING DEFAULTS, PRIMARY KEY (event_id, occurred_at));
            CREATE INDEX ix_bench_raw_events_occurred_at_player_id ON bench_raw_events (occurred_at, player_id);
            """, connection))
        {
            await create.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY bench_raw_events (event_id, app, device_id, player_id, game_id, type, occurred_at, data) FROM STDIN (FORMAT BINARY)"))
        {
            foreach (var row in rows)
            {
                await import.StartRowAsync();
                await import.WriteAsync(row.EventId, NpgsqlTypes.NpgsqlDbType.Uuid);
                await import.WriteAsync(row.App, NpgsqlTypes.NpgsqlDbType.Varchar);
                await import.WriteAsync(row.DeviceId, NpgsqlTypes.NpgsqlDbType.Varchar);
                await import.WriteAsync(row.PlayerId, NpgsqlTypes.NpgsqlDbType.Varchar);
                await import.WriteAsync(row.GameId, NpgsqlTypes.NpgsqlDbType.Bigint);
                await import.WriteAsync(row.Type, NpgsqlTypes.NpgsqlDbType.Varchar);
                await import.WriteAsync(row.OccurredAt, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await import.WriteAsync(row.Data, NpgsqlTypes.NpgsqlDbType.Text);
            }

            await import.CompleteAsync();
        }

        return (rows.Count, rows.Count / clock.Elapsed.TotalSeconds);
    }

    private static long WorkingSet(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The GC heap as the node's own runtime metrics report it (after its last collection, all generations).</summary>
    private static async Task<long> GcHeapAsync(Uri node)
    {
        using var http = new HttpClient { BaseAddress = node };
        var metrics = await http.GetStringAsync("/metrics");
        return (long)metrics.Split('\n')
            .Where(l => l.StartsWith("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal)
                || l.StartsWith("process_runtime_dotnet_gc_heap_size_bytes", StringComparison.Ordinal))
            // name{labels} value [timestamp]
            .Sum(l => double.Parse(l[(l.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
    }

    private static string Mib(long bytes) => Stats.Format(bytes / 1024.0 / 1024.0);

    /// <summary>The highest working set of process <paramref name="pid"/>, sampled every 250 ms, while <paramref name="work"/> runs.</summary>
    private static async Task<long> PeakWorkingSetAsync(int pid, Task work)
    {
        long peak = 0;
        while (!work.IsCompleted)
        {
            peak = Math.Max(peak, WorkingSet(pid));
            await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(250)));
        }

        await work;
        return peak;
    }
}
