using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Tests.Infrastructure;

/// <summary>A throw-away database with the Reports model; the schema comes from the model (no migrations yet).</summary>
public interface ITestDatabase : IAsyncDisposable
{
    string Provider { get; }

    TellalDbContext CreateContext();
}

public sealed class SqliteTestDatabase : ITestDatabase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("tellal-reports-").FullName;

    public string Provider => "SQLite";

    public TellalDbContext CreateContext() => new SqliteTellalDbContext(
        new DbContextOptionsBuilder<SqliteTellalDbContext>().UseSqlite($"Data Source={Path.Combine(_directory, "warehouse.db")};Pooling=false")
            .UseModelContributors([new ReportsModule()]).Options);

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database of its own (random name) on the server named by <c>TELLAL_TEST_POSTGRES</c>, dropped afterwards.
/// A missing variable fails the test: eng/test.sh always provides one, so its absence is a broken setup.
/// </summary>
public sealed class PostgresTestDatabase : ITestDatabase
{
    public const string Variable = "TELLAL_TEST_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _connectionString;
    private readonly string _name = $"tellal_reports_{Guid.NewGuid():N}"[..32];

    private PostgresTestDatabase(string adminConnectionString)
    {
        _adminConnectionString = adminConnectionString;
        _connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = _name }.ConnectionString;
    }

    public string Provider => "PostgreSQL";

    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var admin = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. The PostgreSQL report checks need a superuser connection string, e.g. " +
                "run the tests through eng/test.sh, or `eng/services.sh start postgres && eval \"$(eng/services.sh env)\"`.");
        }

        var database = new PostgresTestDatabase(admin);
        await database.ExecuteAdminAsync($"CREATE DATABASE \"{database._name}\"", cancellationToken);
        return database;
    }

    public TellalDbContext CreateContext() => new PostgresTellalDbContext(
        new DbContextOptionsBuilder<PostgresTellalDbContext>().UseNpgsql(_connectionString).UseModelContributors([new ReportsModule()]).Options);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAdminAsync($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", CancellationToken.None);
    }

    private async Task ExecuteAdminAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
