using Microsoft.Data.Sqlite;
using Npgsql;

namespace Tellal.Benchmarks;

/// <summary>A fresh database per run, dropped afterwards: a SQLite file in a temporary folder, or a new PostgreSQL database.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly string _name = $"tellal_bench_{Guid.NewGuid():N}";
    private readonly string _directory;

    private BenchDatabase(BenchOptions options)
    {
        _options = options;
        _directory = Path.Combine(Path.GetTempPath(), _name);
        Directory.CreateDirectory(_directory);
    }

    /// <summary>Node configuration selecting this database (the product picks PostgreSQL when its connection string is set).</summary>
    public Dictionary<string, string?> Settings => _options.Database == BenchDatabaseKind.Postgres
        ? new() { ["ConnectionStrings:postgres"] = new NpgsqlConnectionStringBuilder(_options.Postgres) { Database = _name }.ConnectionString }
        : new() { ["Tellal:DataDirectory"] = _directory };

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
