using System.Globalization;
using Tellal.Messaging;
using Tellal.Messaging.RabbitMq;
using Tellal.Messaging.Redis;
using Tellal.Reports.Warehouse.Seeding;

namespace Tellal.Benchmarks;

public enum BenchDatabaseKind
{
    Sqlite,
    Postgres,
}

/// <summary>What carries the messages of the throughput and latency scenarios: the same pipeline, one setting apart.</summary>
public enum BenchTransport
{
    Local,
    RabbitMq,
    Redis,
}

public enum BenchScenario
{
    Throughput,
    Latency,
    Seed,
    Reports,
    Submit,
    Distributed,
    Rentals,
    Telemetry,
}

/// <summary>The command line. Hand-parsed: a dozen flags do not justify a parser dependency.</summary>
public sealed record BenchOptions
{
    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Tellal.Benchmarks -- [options]
          --database sqlite|postgres   storage (default sqlite)
          --transport local|rabbitmq|redis  throughput, latency: the transport (default local; rabbitmq needs --rabbitmq,
                                       redis needs --redis)
          --scenario throughput|latency|seed|reports|submit|distributed|rentals|telemetry (default throughput)
          --scale small|default|large  seed, reports, submit, distributed: warehouse size (default small)
          --messages N                 throughput: messages per run; distributed, rentals: raw RabbitMQ, Kafka messages (default 20000)
          --orders N                   rentals: rental orders in the burst (default 2000)
          --warmup N                   rentals: orders sent and decided before the burst, not measured (default 500)
          --kafka SERVERS              rentals: bootstrap servers (default: env TELLAL_TEST_KAFKA)
          --reports N                  distributed: reports in the burst and in the bare production (default 300)
          --report-type NAME           distributed: the catalogue's report produced, as CSV (default top-reviewed-games)
          --backlog N                  telemetry: events waiting while the ingest role is down, then drained (default 1000000)
          --rabbitmq URI               distributed, telemetry, --transport rabbitmq: amqp:// URI (default: env TELLAL_TEST_RABBITMQ)
          --redis CONF                 distributed, --transport redis: StackExchange.Redis configuration (default: env TELLAL_TEST_REDIS)
          --tx-sizes 1,10              throughput: messages published per transaction (default 1,10)
          --publishers P               concurrent publishing tasks (default 4)
          --rate 200,1000              latency: messages per second (default 200,1000); submit, distributed: reports per second
                                       (default 20,50,100; distributed 5); telemetry: events per second (default 10000);
                                       rentals: orders per second (default: a burst, as fast as accepted)
          --duration S                 latency, submit, distributed: seconds of sending per rate (default 20)
          --tellal PATH                submit: the built executable (default src/Tellal/bin/Release/net10.0/tellal.dll)
          --repeat K                   runs per figure; the median is reported (default 3)
          --postgres "<conn>"          admin connection (default: env TELLAL_TEST_POSTGRES)
          --label TEXT                 shown in the result rows, e.g. "fsync=on" (default: database name)
          --set key=value              extra node configuration, e.g. --set Tellal:Messaging:Relay:BatchSize=1000
          --timeout S                  give up on a run after S seconds (default 600)
          --experiment NAME            try a change the product does not ship (repeatable): sqlite-busy-timeout, min-threads,
                                       singleton-db-options
        """;

    public BenchDatabaseKind Database { get; init; } = BenchDatabaseKind.Sqlite;
    public BenchScenario Scenario { get; init; } = BenchScenario.Throughput;
    public BenchTransport Transport { get; init; } = BenchTransport.Local;
    public int Messages { get; init; } = 20_000;
    public IReadOnlyList<int> TransactionSizes { get; init; } = [1, 10];
    public int Publishers { get; init; } = 4;
    public WarehouseScale Scale { get; init; } = WarehouseScale.Small;
    public IReadOnlyList<int>? ExplicitRates { get; init; }

    /// <summary>The rates of the latency or submit scenario: a report costs far more than a trivial message.</summary>
    public IReadOnlyList<int> Rates => ExplicitRates ?? Scenario switch
    {
        BenchScenario.Submit => [20, 50, 100],
        BenchScenario.Distributed => [5],
        BenchScenario.Telemetry => [10_000],
        _ => [200, 1000],
    };

    public int Reports { get; init; } = 300;

    public string ReportType { get; init; } = "top-reviewed-games";

    public string? RabbitMq { get; init; } = Environment.GetEnvironmentVariable("TELLAL_TEST_RABBITMQ");

    public string? Redis { get; init; } = Environment.GetEnvironmentVariable("TELLAL_TEST_REDIS");

    public int Orders { get; init; } = 2000;

    /// <summary>
    /// Rentals: enough orders that the nodes' hot paths reach their optimised code before the burst. With 20, on a loaded
    /// machine, the burst ran largely on first-tier code while the JIT recompiled it (a fifth of the worker's CPU samples).
    /// </summary>
    public int Warmup { get; init; } = 500;

    public int Backlog { get; init; } = 1_000_000;

    public string? Kafka { get; init; } = Environment.GetEnvironmentVariable("TELLAL_TEST_KAFKA");

    public string? TellalDll { get; init; }
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(20);
    public int Repeat { get; init; } = 3;
    public string? Postgres { get; init; } = Environment.GetEnvironmentVariable("TELLAL_TEST_POSTGRES");
    public string? Label { get; init; }
    public Dictionary<string, string?> Settings { get; init; } = [];
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);
    public IReadOnlyList<string> Experiments { get; init; } = [];

    public string DisplayLabel =>
        (Label ?? (Scenario == BenchScenario.Distributed ? "PostgreSQL + RabbitMQ + Redis"
            : Scenario == BenchScenario.Rentals ? "PostgreSQL + Kafka"
            : Scenario == BenchScenario.Telemetry ? "PostgreSQL + RabbitMQ"
            : (Database == BenchDatabaseKind.Sqlite ? "SQLite" : "PostgreSQL") + Transport switch
            {
                BenchTransport.RabbitMq => " + RabbitMQ",
                BenchTransport.Redis => " + Redis",
                _ => "",
            }))
        + string.Concat(Experiments.Select(e => $" +{e}"));

    /// <summary>
    /// Node configuration selecting the transport, as an installation would set it. <paramref name="prefix"/> names this
    /// run's exchanges, queues or streams, so no run sees another's messages on the shared server.
    /// </summary>
    public Dictionary<string, string?> TransportSettings(string prefix) => Transport switch
    {
        BenchTransport.RabbitMq => new()
        {
            [$"ConnectionStrings:{RabbitMqOptions.ConnectionName}"] = RabbitMq,
            [$"{RabbitMqOptions.Section}:Prefix"] = prefix,
            [$"{MessagingOptions.Section}:Transport"] = RabbitMqOptions.TransportName,
        },
        BenchTransport.Redis => new()
        {
            [$"ConnectionStrings:{RedisOptions.ConnectionName}"] = Redis,
            [$"{RedisOptions.Section}:Prefix"] = prefix,
            [$"{MessagingOptions.Section}:Transport"] = RedisOptions.TransportName,
        },
        _ => [],
    };

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--database" => options with { Database = Enum<BenchDatabaseKind>(Value()) },
                "--scenario" => options with { Scenario = Enum<BenchScenario>(Value()) },
                "--transport" => options with { Transport = Enum<BenchTransport>(Value()) },
                "--messages" => options with { Messages = Positive(name, Value()) },
                "--reports" => options with { Reports = Positive(name, Value()) },
                "--report-type" => options with { ReportType = Value() },
                "--rabbitmq" => options with { RabbitMq = Value() },
                "--redis" => options with { Redis = Value() },
                "--orders" => options with { Orders = Positive(name, Value()) },
                "--warmup" => options with { Warmup = Positive(name, Value()) },
                "--backlog" => options with { Backlog = Positive(name, Value()) },
                "--kafka" => options with { Kafka = Value() },
                "--tx-sizes" => options with { TransactionSizes = List(name, Value()) },
                "--publishers" => options with { Publishers = Positive(name, Value()) },
                "--rate" => options with { ExplicitRates = List(name, Value()) },
                "--scale" => options with { Scale = Enum<WarehouseScale>(Value()) },
                "--tellal" => options with { TellalDll = Value() },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--repeat" => options with { Repeat = Positive(name, Value()) },
                "--postgres" => options with { Postgres = Value() },
                "--label" => options with { Label = Value() },
                "--set" => options with { Settings = WithSetting(options.Settings, Value()) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--experiment" => options with { Experiments = [.. options.Experiments, Experiment(Value())] },
                _ => throw new ArgumentException($"Unknown option '{name}'."),
            };
        }

        if ((options.Database == BenchDatabaseKind.Postgres || options.Scenario is BenchScenario.Distributed or BenchScenario.Rentals or BenchScenario.Telemetry) && string.IsNullOrWhiteSpace(options.Postgres))
        {
            throw new ArgumentException("PostgreSQL needs --postgres \"<conn>\" or TELLAL_TEST_POSTGRES (bash eng/services.sh env).");
        }

        if (options.Transport == BenchTransport.RabbitMq && string.IsNullOrWhiteSpace(options.RabbitMq))
        {
            throw new ArgumentException("--transport rabbitmq needs --rabbitmq URI or TELLAL_TEST_RABBITMQ (bash eng/services.sh env).");
        }

        if (options.Transport == BenchTransport.Redis && string.IsNullOrWhiteSpace(options.Redis))
        {
            throw new ArgumentException("--transport redis needs --redis CONF or TELLAL_TEST_REDIS (bash eng/services.sh env).");
        }

        return options;
    }

    private static string Experiment(string name) =>
        Tellal.Benchmarks.Experiments.Known.Contains(name)
            ? name
            : throw new ArgumentException($"Unknown experiment '{name}'. Known: {string.Join(", ", Tellal.Benchmarks.Experiments.Known)}.");

    private static T Enum<T>(string value)
        where T : struct, Enum =>
        System.Enum.TryParse<T>(value, ignoreCase: true, out var parsed)
            ? parsed
            : throw new ArgumentException($"'{value}' is not one of {string.Join("|", System.Enum.GetNames<T>()).ToLowerInvariant()}.");

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'.");

    private static int[] List(string name, string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => Positive(name, v)).ToArray();

    private static Dictionary<string, string?> WithSetting(Dictionary<string, string?> settings, string pair)
    {
        var separator = pair.IndexOf('=', StringComparison.Ordinal);
        if (separator <= 0)
        {
            throw new ArgumentException($"--set needs key=value, not '{pair}'.");
        }

        return new Dictionary<string, string?>(settings) { [pair[..separator]] = pair[(separator + 1)..] };
    }
}
