using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Storage;

/// <summary>
/// Which real database failures the host answers with 503 (try again later) rather than 500: provoked on the real
/// drivers, not constructed, because the drivers decide what they throw.
/// </summary>
public sealed class DatabaseOutageClassificationTests
{
    [Fact]
    public async Task A_refused_PostgreSQL_connection_is_an_outage_also_when_EF_wraps_it()
    {
        var refused = new NpgsqlConnectionStringBuilder(TestEnvironment.Postgres) { Port = ClosedPort(), Timeout = 2 }.ConnectionString;
        await using var connection = new NpgsqlConnection(refused);
        var failure = await Assert.ThrowsAsync<NpgsqlException>(() => connection.OpenAsync());

        Assert.True(DatabaseOutage.IsCause(failure));
        Assert.True(DatabaseOutage.IsCause(new DbUpdateException("saving failed", failure)));
    }

    [Fact]
    public async Task A_bad_statement_on_a_reachable_PostgreSQL_is_not_an_outage()
    {
        await using var connection = new NpgsqlConnection(TestEnvironment.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT * FROM no_such_table", connection);
        var failure = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());

        Assert.False(DatabaseOutage.IsCause(failure));
    }

    [Fact]
    public async Task A_SQLite_database_still_locked_after_the_busy_timeout_is_an_outage()
    {
        using var data = new TempDirectory();
        var file = new SqliteConnectionStringBuilder { DataSource = Path.Combine(data.Path, "locked.db"), Pooling = false }.ConnectionString;
        await using var holder = new SqliteConnection(file);
        await holder.OpenAsync();
        await using (var hold = new SqliteCommand("CREATE TABLE t (x INTEGER); BEGIN IMMEDIATE; INSERT INTO t VALUES (1);", holder))
        {
            await hold.ExecuteNonQueryAsync();
        }

        await using var writer = new SqliteConnection(file);
        await writer.OpenAsync();
        await using var write = new SqliteCommand("INSERT INTO t VALUES (2)", writer) { CommandTimeout = 1 };
        var failure = await Assert.ThrowsAsync<SqliteException>(() => write.ExecuteNonQueryAsync());

        Assert.True(DatabaseOutage.IsCause(failure));
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
