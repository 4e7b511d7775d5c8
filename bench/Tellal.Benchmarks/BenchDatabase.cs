using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tellal.Benchmarks;

/// <summary>
/// A fresh database per run, dropped afterwards: a SQLite file in a temporary folder, or a new PostgreSQL database; on
/// RabbitMQ or Redis, the run's queues or streams carry its name too.
/// </summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly Guid _run = Guid.NewGuid();
    private readonly string _name;
    private readonly string _directory;

    private BenchDatabase(BenchOptions options)
    {
        _options = options;
        _name = $"tellal_bench_{_run:N}";
        _directory = Path.Combine(Path.GetTempPath(), _name);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Node configuration selecting this database (the product picks PostgreSQL when its connection string is set) and the transport.</summary>
    public Dictionary<string, string?> Settings
    {
        get
        {
            var settings = _options.TransportSettings($"bench-{_run:N}");
            if (_options.Database == BenchDatabaseKind.Postgres)
            {
                settings["ConnectionStrings:postgres"] = new NpgsqlConnectionStringBuilder(_options.Postgres) { Database = _name }.ConnectionString;
            }
            else
            {
                settings["Tellal:DataDirectory"] = _directory;
            }

            return settings;
        }
    }

    public static async Task<BenchDatabase> CreateAsync(BenchOptions options)
    {
        var database = new BenchDatabase(options);
        if (options.Database == BenchDatabaseKind.Postgres)
        {
            await database.AdminAsync($"CREATE DATABASE {database._name}");
        }

        // Schema from the model through a node without background work, so the measured node starts on ready tables.
        await using (var node = await BenchNode.StartAsync(database, options, consume: false))
        {
            await node.EnsureSchemaAsync();
        }

        return database;
    }

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_options.Database == BenchDatabaseKind.Postgres)
        {
            await AdminAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_options.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
