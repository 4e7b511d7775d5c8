using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Tellal.Platform.Storage;

/// <summary>
/// Per-connection SQLite settings. WAL lets readers run beside the single writer; synchronous=NORMAL in WAL mode
/// survives a killed process (only an OS crash can lose the last commits), which is the durability the embedded
/// default promises, at a fraction of the fsync cost.
/// </summary>
internal sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
{
    // busy_timeout: a writer that finds the lock taken waits in SQLite's own short steps; without it
    // Microsoft.Data.Sqlite retries with a 150 ms sleep, which made the latency tail (docs/benchmarks.md).
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
