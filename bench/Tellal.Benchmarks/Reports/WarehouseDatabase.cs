using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tellal.Platform.Storage;
using Tellal.Reports;

namespace Tellal.Benchmarks.Reports;

/// <summary>
/// A fresh, empty database with the Reports model only (tables from the model, as the Reports tests make them),
/// dropped afterwards. Contexts are built directly rather than through a node: the seeder and the report queries
/// take a <see cref="TellalDbContext"/> and nothing else.
/// </summary>
public sealed class WarehouseDatabase : IAsyncDisposable
{
    private readonly BenchOptions _options;
    private readonly string _name = $"tellal_bench_{Guid.NewGuid():N}";
    private readonly string _directory;

    private WarehouseDatabase(BenchOptions options)
    {
        _options = options;
        _directory = Directory.CreateTempSubdirectory("tellal-bench-warehouse-").FullName;
    }

    public string Provider => _options.DisplayLabel;

    public static async Task<WarehouseDatabase> CreateAsync(BenchOptions options)
    {
        var database = new WarehouseDatabase(options);
        if (options.Database == BenchDatabaseKind.Postgres)
        {
            await PostgresAdmin.ExecuteAsync(options.Postgres!, $"CREATE DATABASE {database._name}");
        }

        await using var db = database.CreateContext();
        await db.Database.EnsureCreatedAsync();
        return database;
    }

    public TellalDbContext CreateContext() => _options.Database == BenchDatabaseKind.Postgres
        ? new PostgresTellalDbContext(
            new DbContextOptionsBuilder<PostgresTellalDbContext>()
                // The large scale's heaviest queries scan ten million rentals; the default command timeout is 30 s.
                .UseNpgsql(new NpgsqlConnectionStringBuilder(_options.Postgres) { Database = _name }.ConnectionString, o => o.CommandTimeout(600))
                .UseModelContributors([new ReportsModule()])
                .Options)
        : new SqliteTellalDbContext(
            new DbContextOptionsBuilder<SqliteTellalDbContext>()
                .UseSqlite($"Data Source={Path.Combine(_directory, "warehouse.db")};Default Timeout=600", o => o.CommandTimeout(600))
                .UseModelContributors([new ReportsModule()])
                .Options);

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        NpgsqlConnection.ClearAllPools();
        if (_options.Database == BenchDatabaseKind.Postgres)
        {
            await PostgresAdmin.ExecuteAsync(_options.Postgres!, $"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
        }

        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>Statements on the server's maintenance connection (create and drop the benchmark's own databases).</summary>
public static class PostgresAdmin
{
    public static async Task ExecuteAsync(string adminConnectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
