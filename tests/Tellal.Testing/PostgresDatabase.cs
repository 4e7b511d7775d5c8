using Npgsql;

namespace Tellal.Testing;

/// <summary>A database of its own on the test PostgreSQL server, dropped (with its connections) when disposed.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _name = $"tellal_test_{Guid.NewGuid():N}";

    private PostgresDatabase()
    {
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Database = _name }.ConnectionString;

    public static async Task<PostgresDatabase> CreateAsync()
    {
        var database = new PostgresDatabase();
        await OnServerAsync($"CREATE DATABASE {database._name}");
        return database;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await OnServerAsync($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)");
    }

    private static async Task OnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
