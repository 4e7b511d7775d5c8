using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using NpgsqlTypes;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// Bulk-loads events into the staging table on the caller's open transaction, the fastest path of each provider:
/// PostgreSQL's binary COPY, SQLite's multi-row INSERT. Bypassing the change tracker matters here: it would cost more
/// than the database for thousands of short rows.
/// </summary>
internal static class StagingWriter
{
    private const string Columns = "slot, event_id, app, device_id, player_id, game_id, type, occurred_at, data";

    /// <summary>Rows per SQLite INSERT: 8 parameters each stays far below SQLite's limit of 32,766.</summary>
    private const int SqliteRowsPerStatement = 500;

    /// <summary>The representation the model gives DateTimeOffset on SQLite (see ProviderDbContexts), so moved rows compare as EF expects.</summary>
    private static readonly DateTimeOffsetToBinaryConverter SqliteTime = new();

    /// <summary>Every event of <paramref name="requests"/>, each stamped with its request's app.</summary>
    public static Task WriteAsync(TellalDbContext db, IReadOnlyList<TelemetryEventsReceived> requests, CancellationToken cancellationToken)
    {
        // Outside the batch's transaction a redelivered request would be staged a second time, and the transaction is
        // where the messaging core writes the inbox rows at the save: refuse rather than stage on autocommit.
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"Events are staged inside the dispatcher's transaction: the queue needs {nameof(Tellal.Messaging.Registration.QueueDefinition.HandlersInTransaction)}.");
        }

        return WriteInSlotAsync(db, requests.SelectMany(r => r.Events.Select(e => (r.App, Event: e))).ToList(), cancellationToken);
    }

    private static async Task WriteInSlotAsync(TellalDbContext db, List<(string App, TelemetryEvent Event)> events, CancellationToken cancellationToken)
    {
        // The slot is read in this transaction, but may flip before it commits: the mover then waits for this
        // transaction before it moves the slot (see EventMove), and rows that arrive after that move wait for the next.
        var slot = await db.Set<MoverLease>().Where(l => l.Name == MoverLease.Mover).Select(l => l.StagingSlot).FirstAsync(cancellationToken);
        await (db.Database.IsNpgsql() ? CopyAsync(db, slot, events, cancellationToken) : InsertAsync(db, slot, events, cancellationToken));
    }

    private static async Task CopyAsync(TellalDbContext db, short slot, List<(string App, TelemetryEvent Event)> events, CancellationToken cancellationToken)
    {
        // COPY runs in the connection's open transaction: it commits or rolls back with the inbox rows.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using var import = await connection.BeginBinaryImportAsync($"COPY tel_staged_events ({Columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var (app, e) in events)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(slot, NpgsqlDbType.Smallint, cancellationToken);
            await import.WriteAsync(e.EventId, NpgsqlDbType.Uuid, cancellationToken);
            await import.WriteAsync(app, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.DeviceId, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.PlayerId, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.GameId, NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(e.Type, NpgsqlDbType.Varchar, cancellationToken);
            await import.WriteAsync(e.OccurredAt.ToUniversalTime(), NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(e.Data, NpgsqlDbType.Text, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }

    private static async Task InsertAsync(TellalDbContext db, short slot, List<(string App, TelemetryEvent Event)> events, CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var transaction = (SqliteTransaction)db.Database.CurrentTransaction!.GetDbTransaction();
        foreach (var chunk in events.Chunk(SqliteRowsPerStatement))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO tel_staged_events ({Columns}) VALUES "
                + string.Join(", ", Enumerable.Range(0, chunk.Length).Select(i => $"($s, $e{i}, $a{i}, $d{i}, $p{i}, $g{i}, $t{i}, $o{i}, $x{i})"));
            command.Parameters.AddWithValue("$s", slot);
            for (var i = 0; i < chunk.Length; i++)
            {
                var (app, e) = chunk[i];
                // Guids as EF Core stores them on SQLite (upper-case text), so the mover's ON CONFLICT sees equal ids as equal.
                command.Parameters.AddWithValue($"$e{i}", e.EventId.ToString().ToUpperInvariant());
                command.Parameters.AddWithValue($"$a{i}", app);
                command.Parameters.AddWithValue($"$d{i}", e.DeviceId);
                command.Parameters.AddWithValue($"$p{i}", e.PlayerId);
                command.Parameters.AddWithValue($"$g{i}", e.GameId);
                command.Parameters.AddWithValue($"$t{i}", e.Type);
                command.Parameters.AddWithValue($"$o{i}", SqliteTime.ConvertToProvider(e.OccurredAt));
                command.Parameters.AddWithValue($"$x{i}", e.Data);
            }

            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
