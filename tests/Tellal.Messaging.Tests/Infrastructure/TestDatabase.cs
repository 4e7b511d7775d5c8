using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>A fresh database per test: a SQLite file in a temporary folder, or a new database on the test PostgreSQL server.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly TempDirectory _directory = new();

    private TestDatabase(DatabaseProvider provider, PostgresDatabase? postgres)
    {
        Provider = provider;
        _postgres = postgres;
    }

    public DatabaseProvider Provider { get; }

    /// <summary>The data directory (the SQLite file lives here for the Local transport on SQLite).</summary>
    public string Directory => _directory.Path;

    public Dictionary<string, string?> Settings => Provider == DatabaseProvider.Postgres
        ? new() { ["ConnectionStrings:postgres"] = ConnectionString }
        : new() { ["Tellal:DataDirectory"] = Directory };

    public string ConnectionString => Provider == DatabaseProvider.Postgres
        ? _postgres!.ConnectionString
        : $"Data Source={Path.Combine(Directory, "tellal.db")}";

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        var database = new TestDatabase(provider, provider == DatabaseProvider.Postgres ? await PostgresDatabase.CreateAsync() : null);
        await database.CreateSchemaAsync();
        return database;
    }

    /// <summary>Creates the messaging tables and the test table from the model (the product uses migrations).</summary>
    private async Task CreateSchemaAsync()
    {
        using var host = TestNodeHost.Build(new ConfigurationBuilder().AddInMemoryCollection(Settings).Build());
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Database.EnsureCreatedAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (T)Convert.ChangeType((await command.ExecuteScalarAsync())!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<object?[]>> RowsAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            reader.GetValues(row!);
            rows.Add(row.Select(v => v is DBNull ? null : v).ToArray());
        }

        return rows;
    }

    /// <summary>Effects per key: the proof of "exactly once".</summary>
    public async Task<Dictionary<string, int>> EffectCountsAsync() =>
        (await RowsAsync("""SELECT "Key", COUNT(*) FROM test_effects GROUP BY "Key" """))
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt32(r[1], System.Globalization.CultureInfo.InvariantCulture));

    private DbConnection Open() => Provider == DatabaseProvider.Postgres
        ? new NpgsqlConnection(ConnectionString)
        : new SqliteConnection(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _directory.Dispose();
    }
}
