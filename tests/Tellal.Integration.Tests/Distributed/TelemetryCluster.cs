using System.Globalization;
using Npgsql;
using Tellal.Integration.Tests.Telemetry;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Telemetry ingest as processes: on the embedded default one node with every role (SQLite has one writer process); in
/// distributed mode on the test PostgreSQL, RabbitMQ and Redis (the running day's active users), a web node and two
/// ingest nodes (competing writers of the ingest queue, one mover and one standby). The mover lease is short so a
/// takeover fits in a test.
/// </summary>
public sealed class TelemetryCluster : IAsyncDisposable
{
    public static readonly TimeSpan MoverLease = TimeSpan.FromSeconds(3);
    private static readonly string AdminPassword = TestPasswords.New();
    private readonly PostgresDatabase? _database;
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string> _settings;
    private readonly Dictionary<string, TellalProcess> _nodes = [];

    private TelemetryCluster(PostgresDatabase? database, IReadOnlyDictionary<string, string?> extraSettings)
    {
        _database = database;
        _settings = new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Telemetry__MoveInterval"] = "00:00:00.250",
            ["Tellal__Telemetry__MoverLease"] = MoverLease.ToString("c", CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in extraSettings)
        {
            _settings[key.Replace(":", "__", StringComparison.Ordinal)] = value ?? "";
        }

        if (database is not null)
        {
            _settings["ConnectionStrings__postgres"] = database.ConnectionString;
            _settings["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq;
            _settings["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20];
            _settings["ConnectionStrings__redis"] = TestEnvironment.Redis;
            // A prefix of this run's own: the test Redis is shared by every run.
            _settings["Tellal__Telemetry__ActiveUsers__RedisKeyPrefix"] = $"test:{Guid.NewGuid():N}:";
        }
    }

    public bool Distributed => _database is not null;

    public string DataDirectory => _data.Path;

    public string Key { get; private set; } = "";

    public HttpClient Admin { get; private set; } = null!;

    public TellalProcess Web => _nodes[Distributed ? "web" : "all"];

    /// <summary>The processes that stage and move: the two ingest nodes, or the one node of the embedded default.</summary>
    public IReadOnlyList<string> IngestNodes => Distributed ? ["ingest-a", "ingest-b"] : ["all"];

    public TellalProcess this[string name] => _nodes[name];

    /// <summary>Every node gets <paramref name="extraSettings"/> too (configuration keys, e.g. the app store's).</summary>
    public static async Task<TelemetryCluster> StartAsync(bool distributed, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        var cluster = new TelemetryCluster(distributed ? await PostgresDatabase.CreateAsync() : null, extraSettings ?? new Dictionary<string, string?>());
        try
        {
            if (distributed)
            {
                cluster.Launch("web", "web");
                cluster.Launch("ingest-a", "ingest");
                cluster.Launch("ingest-b", "ingest");
            }
            else
            {
                cluster.Launch("all", null);
            }

            await Task.WhenAll(cluster._nodes.Values.Select(p => p.WaitUntilReadyAsync()));
            cluster.Key = await SimulatedRun.NewKeyAsync(cluster._data.Path, cluster._settings);
            cluster.Admin = await cluster.Web.SignInAsync("admin", AdminPassword);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, then the same node again (same settings and port); returns once it is ready.</summary>
    public async Task KillAndRestartAsync(string name)
    {
        await _nodes[name].KillAsync();
        await _nodes[name].DisposeAsync();
        _nodes[name] = _nodes[name].StartAgain();
        await _nodes[name].WaitUntilReadyAsync();
    }

    /// <summary>Rows of a telemetry table (tel_events, tel_staged_events).</summary>
    public async Task<long> CountAsync(string table) =>
        _database is null ? await SimulatedRun.SqliteCountAsync(_data.Path, table) : await _database.CountAsync($"SELECT COUNT(*) FROM {table}");

    /// <summary>Purchases by verification status (Pending, Verified, Rejected), read from tel_purchases.</summary>
    public async Task<Dictionary<string, long>> PurchasesByStatusAsync()
    {
        const string sql = "SELECT status, COUNT(*) FROM tel_purchases GROUP BY status";
        var counts = new Dictionary<string, long>();
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>The node whose process holds the mover lease now, if any (the holder is "machine/pid/guid").</summary>
    public async Task<string?> MoverAsync()
    {
        var holder = await ScalarStringAsync("SELECT holder FROM tel_mover_lease");
        var pid = holder?.Split('/') is [_, var id, _] ? int.Parse(id, CultureInfo.InvariantCulture) : -1;
        return _nodes.FirstOrDefault(n => n.Value.ProcessId == pid).Key;
    }

    public Task<int> ActiveUsersAsync(DateOnly firstDay, DateOnly lastDay) => SimulatedRun.ActiveUsersAsync(Admin, firstDay, lastDay);

    /// <summary>Distinct players in the permanent table: the exact figure the running day's estimate is held to.</summary>
    public async Task<long> DistinctPlayersAsync() =>
        _database is null
            ? await SimulatedRun.SqliteCountAsync(_data.Path, "(SELECT DISTINCT player_id FROM tel_events)")
            : await _database.CountAsync("SELECT COUNT(DISTINCT player_id) FROM tel_events");

    public string Logs() => string.Join('\n', _nodes.Select(n => $"--- {n.Key}\n{n.Value.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _nodes.Values)
        {
            await process.DisposeAsync();
        }

        Admin?.Dispose();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _data.Dispose();
    }

    private async Task<string?> ScalarStringAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string?)await command.ExecuteScalarAsync();
    }

    /// <summary>A read connection to the installation's database (the SQLite file is read while the node runs: WAL lets it).</summary>
    private async Task<System.Data.Common.DbConnection> OpenAsync()
    {
        System.Data.Common.DbConnection connection = _database is null
            ? new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data.Path, "tellal.db")};Mode=ReadOnly;Pooling=False")
            : new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>No roles given: every role, as the embedded default runs.</summary>
    private void Launch(string name, string? roles) =>
        _nodes[name] = roles is null ? TellalProcess.Start(_data.Path, _settings) : TellalProcess.Start(_data.Path, _settings, "--roles", roles);
}
