using System.Data;
using System.Data.Common;
using System.Text;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;

namespace Tellal.Messaging.Storage;

/// <summary>
/// Writes a unit of work's messaging rows in raw SQL, in one round trip: an outbox INSERT per row (each returns its sequence
/// number; a multi-row INSERT does not promise the order of what it returns), multi-row INSERTs of Local queue rows and
/// inbox rows, and the DELETE of the Local queue rows it handled. Where the provider batches commands (Npgsql), parameters
/// are positional, so the driver sends the SQL as it is instead of parsing it for names, and the inbox rows and deletes
/// travel as arrays, so every statement has one text whatever the batch size and is prepared once per connection;
/// otherwise (SQLite, in process) the statements share one command.
/// </summary>
internal static class EnvelopeRowWriter
{
    private const string OutboxColumns = $"destination, due_at, lease_until, lease_owner, {EnvelopeColumns.List}";
    private const int RowsPerStatement = 500;
    private const int OutboxValues = 14;

    /// <summary>The one statement every outbox row of a batching provider runs: the same text each time.</summary>
    private static readonly string PositionalOutboxInsert = OutboxInsert(0, positional: true);

    private static readonly string PositionalInboxInsert =
        $"INSERT INTO {MessagingModel.InboxTable} (consumer, message_id, handled_at) SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])";

    private static readonly string PositionalQueueDelete = $"DELETE FROM {MessagingModel.LocalQueueTable} WHERE seq = ANY($1)";

    public static async Task WriteAsync(DbConnection connection, DbTransaction? transaction, int? timeout, UnitOfWorkRows rows, CancellationToken cancellationToken)
    {
        if (connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            batch.Transaction = transaction;
            if (timeout is { } seconds)
            {
                batch.Timeout = seconds;
            }

            foreach (var statement in Statements(rows, positional: true))
            {
                var command = batch.CreateBatchCommand();
                command.CommandText = statement.Sql;
                foreach (var value in statement.Values)
                {
                    var parameter = command.CreateParameter();
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }

                batch.BatchCommands.Add(command);
            }

            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            await ReadAsync(reader, rows, cancellationToken);
        }
        else
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            if (timeout is { } seconds)
            {
                command.CommandTimeout = seconds;
            }

            var sql = new StringBuilder();
            foreach (var statement in Statements(rows, positional: false))
            {
                sql.Append(statement.Sql).Append(";\n");
                foreach (var value in statement.Values)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@p{command.Parameters.Count}";
                    parameter.Value = value;
                    command.Parameters.Add(parameter);
                }
            }

            command.CommandText = sql.ToString();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await ReadAsync(reader, rows, cancellationToken);
        }

        rows.MarkWritten();
    }

    /// <summary>One statement: atomic without a transaction of its own.</summary>
    public static bool IsOneStatement(UnitOfWorkRows rows) =>
        rows.Outbox.Count + Chunks(rows.Queued.Count) + Chunks(rows.Inbox.Count) + Chunks(rows.QueueDeletes.Count) == 1;

    /// <summary>
    /// The outbox statements come first, one result (the new sequence number) each; the others return nothing but are read
    /// through too, so an error in them (a duplicate inbox key) surfaces here. Every statement must have touched every one of
    /// its rows: a Local queue row already gone (another consumer's, after a lease ran out) fails the unit of work.
    /// </summary>
    private static async Task ReadAsync(DbDataReader reader, UnitOfWorkRows rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows.Outbox)
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException("The outbox INSERT returned no sequence number.");
            }

            row.Seq = reader.GetInt64(0);
            await reader.NextResultAsync(cancellationToken);
        }

        while (await reader.NextResultAsync(cancellationToken))
        {
        }

        var expected = rows.Outbox.Count + rows.Queued.Count + rows.Inbox.Count + rows.QueueDeletes.Count;
        if (reader.RecordsAffected != expected)
        {
            throw new DBConcurrencyException($"The unit of work's messaging rows touched {reader.RecordsAffected} row(s) instead of {expected}: a queue row it handled is gone.");
        }
    }

    private static int Chunks(int rows) => (rows + RowsPerStatement - 1) / RowsPerStatement;

    private static IEnumerable<Statement> Statements(UnitOfWorkRows rows, bool positional)
    {
        // With shared parameter names (one command) each statement continues the numbering; positional ones restart at $1.
        var offset = 0;
        foreach (var row in rows.Outbox)
        {
            object[] values =
            [
                Value(row.Destination), row.DueAt, row.LeaseUntil, Value(row.LeaseOwner), row.MessageId.ToString(), row.Type, row.Source,
                Value(row.Subject), row.Time, Value(row.TraceParent), row.ContentType, row.Priority, row.Attempt, row.Data,
            ];
            yield return new Statement(positional ? PositionalOutboxInsert : OutboxInsert(offset, positional), values);
            offset += positional ? 0 : OutboxValues;
        }

        foreach (var chunk in rows.Queued.Chunk(RowsPerStatement))
        {
            yield return MultiRow($"INSERT INTO {MessagingModel.LocalQueueTable} (queue, visible_at, lease_until, delivery_count, {EnvelopeColumns.List}) VALUES ",
                chunk.Select(row => new object[]
                {
                    row.Queue, row.VisibleAt, 0L, 0, row.MessageId.ToString(), row.Type, row.Source, Value(row.Subject), row.Time,
                    Value(row.TraceParent), row.ContentType, row.Priority, row.Attempt, row.Data,
                }).ToList(), positional, ref offset);
        }

        if (positional)
        {
            // Arrays instead of VALUES and IN lists: one statement text for any number of rows, prepared once per connection.
            if (rows.Inbox.Count > 0)
            {
                yield return new Statement(PositionalInboxInsert,
                    [rows.Inbox.Select(r => r.Consumer).ToArray(), rows.Inbox.Select(r => r.MessageId.ToString()).ToArray(), rows.Inbox.Select(r => r.HandledAt).ToArray()]);
            }

            if (rows.QueueDeletes.Count > 0)
            {
                yield return new Statement(PositionalQueueDelete, [rows.QueueDeletes.ToArray()]);
            }

            yield break;
        }

        foreach (var chunk in rows.Inbox.Chunk(RowsPerStatement))
        {
            yield return MultiRow($"INSERT INTO {MessagingModel.InboxTable} (consumer, message_id, handled_at) VALUES ",
                chunk.Select(row => new object[] { row.Consumer, row.MessageId.ToString(), row.HandledAt }).ToList(), positional, ref offset);
        }

        foreach (var chunk in rows.QueueDeletes.Chunk(RowsPerStatement))
        {
            yield return new Statement($"DELETE FROM {MessagingModel.LocalQueueTable} WHERE seq IN ({Placeholders(offset, chunk.Length, positional: false)})",
                [.. chunk.Cast<object>()]);
            offset += chunk.Length;
        }
    }

    /// <summary><paramref name="prefix"/> followed by one "(...)" per row.</summary>
    private static Statement MultiRow(string prefix, List<object[]> rows, bool positional, ref int offset)
    {
        var sql = new StringBuilder(prefix);
        var values = new List<object>();
        foreach (var row in rows)
        {
            sql.Append(values.Count == 0 ? "(" : ",(").Append(Placeholders((positional ? 0 : offset) + values.Count, row.Length, positional)).Append(')');
            values.AddRange(row);
        }

        offset += positional ? 0 : values.Count;
        return new Statement(sql.ToString(), [.. values]);
    }

    private static string OutboxInsert(int first, bool positional) =>
        $"INSERT INTO {MessagingModel.OutboxTable} ({OutboxColumns}) VALUES ({Placeholders(first, OutboxValues, positional)}) RETURNING seq";

    private static string Placeholders(int first, int count, bool positional) =>
        string.Join(",", Enumerable.Range(first, count).Select(i => positional ? $"${i + 1}" : $"@p{i}"));

    private static object Value(string? value) => value is null ? DBNull.Value : value;

    private sealed record Statement(string Sql, object[] Values);
}
