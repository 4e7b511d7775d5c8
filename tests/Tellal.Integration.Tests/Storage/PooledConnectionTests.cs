using Microsoft.Extensions.Configuration;
using Npgsql;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Storage;

/// <summary>
/// Pooled PostgreSQL connections are handed out again without Npgsql's reset (<c>No Reset On Close</c>, set by
/// <see cref="StorageConnection"/>). What the reset would not have caught anyway must still hold: a connection closed
/// in the middle of a transaction comes back with that transaction rolled back.
/// </summary>
public sealed class PooledConnectionTests
{
    [Fact]
    public async Task A_connection_returned_mid_transaction_comes_back_from_the_pool_rolled_back()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:postgres"] = database.ConnectionString })
            .Build();
        var storage = StorageConnection.Resolve(configuration);
        Assert.True(new NpgsqlConnectionStringBuilder(storage.ConnectionString).NoResetOnClose);
        // One connection in the pool, so the second open gets the same one back.
        var pooled = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;

        await using (var first = new NpgsqlConnection(pooled))
        {
            await first.OpenAsync();
            await Execute(first, "CREATE TABLE pooled_probe (id int)");
            await using var transaction = await first.BeginTransactionAsync();
            await Execute(first, "INSERT INTO pooled_probe VALUES (1)");
        }

        await using var second = new NpgsqlConnection(pooled);
        await second.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM pooled_probe", second);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        await using var transaction2 = await second.BeginTransactionAsync();
        await transaction2.CommitAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
