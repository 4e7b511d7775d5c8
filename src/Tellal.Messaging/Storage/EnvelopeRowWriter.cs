using System.Data.Common;
using System.Text;
using Tellal.Messaging.Inbox;
using Tellal.Messaging.Outbox;

namespace Tellal.Messaging.Storage;

/// <summary>
/// Writes a unit of work's outbox and inbox rows in raw SQL, in one round trip: an outbox INSERT per row (each returns its
/// sequence number; a multi-row INSERT does not promise the order of what it returns) and one multi-row inbox INSERT. Where
/// the provider batches commands (Npgsql), parameters are positional, so the driver sends the SQL as it is instead of
/// parsing it for names; otherwise (SQLite, in process) the statements share one command.
/// </summary>
internal static class EnvelopeRowWriter
{
    private const string OutboxColumns = $"destination, due_at, lease_until, lease_owner, {EnvelopeColumns.List}";
    private const int InboxRowsPerStatement = 500;
    private const int OutboxValues = 14;

    /// <summary>The one statement every outbox row of a batching provider runs: the same text each time.</summary>
    private static readonly string PositionalOutboxInsert = OutboxInsert(0, positional: true);

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
            await ReadSeqsAsync(reader, rows.Outbox, cancellationToken);
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
            await ReadSeqsAsync(reader, rows.Outbox, cancellationToken);
        }

        rows.MarkWritten();
    }

    /// <summary>The outbox statements come first, one result (the new sequence number) each; the inbox statements return
    /// nothing but are read through too, so an error in them (a duplicate key) surfaces here.</summary>
    private static async Task ReadSeqsAsync(DbDataReader reader, List<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        foreach (var row in outbox)
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
    }

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

        foreach (var chunk in rows.Inbox.Chunk(InboxRowsPerStatement))
        {
            var sql = new StringBuilder($"INSERT INTO {MessagingModel.InboxTable} (consumer, message_id, handled_at) VALUES ");
            var values = new object[chunk.Length * 3];
            for (var i = 0; i < chunk.Length; i++)
            {
                values[3 * i] = chunk[i].Consumer;
                values[3 * i + 1] = chunk[i].MessageId.ToString();
                values[3 * i + 2] = chunk[i].HandledAt;
                sql.Append(i == 0 ? "(" : ",(").Append(Placeholders((positional ? 0 : offset) + 3 * i, 3, positional)).Append(')');
            }

            yield return new Statement(sql.ToString(), values);
            offset += positional ? 0 : values.Length;
        }
    }

    private static string OutboxInsert(int first, bool positional) =>
        $"INSERT INTO {MessagingModel.OutboxTable} ({OutboxColumns}) VALUES ({Placeholders(first, OutboxValues, positional)}) RETURNING seq";

    private static string Placeholders(int first, int count, bool positional) =>
        string.Join(",", Enumerable.Range(first, count).Select(i => positional ? $"${i + 1}" : $"@p{i}"));

    private static object Value(string? value) => value is null ? DBNull.Value : value;

    private sealed record Statement(string Sql, object[] Values);
}
