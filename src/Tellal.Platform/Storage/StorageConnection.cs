using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Tellal.Platform.Options;

namespace Tellal.Platform.Storage;

/// <summary>Which database this node uses and how to reach it, resolved once from configuration.</summary>
public sealed record StorageConnection(DatabaseProvider Provider, string ConnectionString)
{
    public const string PostgresConnectionName = "postgres";

    public static StorageConnection Resolve(IConfiguration configuration)
    {
        var storage = configuration.GetTellalOptions<StorageOptions>(StorageOptions.Section);
        var postgres = configuration.GetConnectionString(PostgresConnectionName);
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            return new StorageConnection(DatabaseProvider.Postgres, WithoutResetOnClose(WithAutoPrepare(WithConnectTimeout(postgres, storage.ConnectTimeout))));
        }

        var tellal = configuration.GetTellalOptions<TellalOptions>(TellalOptions.Section);
        var directory = tellal.ResolveDataDirectory();
        Directory.CreateDirectory(directory);
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, storage.SqliteFileName),
            Pooling = true,
            // Microsoft.Data.Sqlite retries SQLITE_BUSY until the command timeout: other processes
            // (a CLI command, a second node on the same file) may hold the write lock for a moment.
            DefaultTimeout = 30,
        };
        return new StorageConnection(DatabaseProvider.Sqlite, builder.ConnectionString);
    }

    /// <summary>
    /// Npgsql waits 15 s for a connection by default: while the server is unreachable every request would hang that
    /// long before it can answer 503. A timeout the connection string sets itself wins.
    /// </summary>
    private static string WithConnectTimeout(string connectionString, TimeSpan timeout)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Timeout") || given.ContainsKey("Connect Timeout") || given.ContainsKey("Connection Timeout"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { Timeout = (int)Math.Ceiling(timeout.TotalSeconds) }.ConnectionString;
    }

    /// <summary>
    /// Lets Npgsql prepare the statements a connection runs again and again (the messaging rows, inbox lookups, claims), so
    /// PostgreSQL parses and plans each once per connection instead of on every call: measured, about a quarter less
    /// server CPU per message (docs/benchmarks.md). A value the connection string sets itself wins.
    /// </summary>
    private static string WithAutoPrepare(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    /// <summary>
    /// A pooled connection handed out again is not reset: Npgsql would otherwise run seven statements (CLOSE ALL,
    /// UNLISTEN *, RESET ALL, ...) before the first command of every unit of work, a few times per message. Nothing here
    /// leaves session state on a connection (no session SET, LISTEN, temporary table or cursor; the warehouse seeding's
    /// advisory lock is released in a finally), and an open transaction is still rolled back when a connection goes
    /// back to the pool. A value the connection string sets itself wins.
    /// </summary>
    private static string WithoutResetOnClose(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("No Reset On Close"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }

    /// <summary>The connection string with any password masked, for logs and `tellal config`.</summary>
    public string Describe() => Provider switch
    {
        DatabaseProvider.Postgres => System.Text.RegularExpressions.Regex.Replace(
            ConnectionString, "(?i)(password|pwd)=[^;]*", "$1=" + OptionsPrinter.Mask),
        _ => ConnectionString,
    };
}
