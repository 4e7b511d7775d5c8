using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// PostgreSQL load: one binary COPY per table, the fastest way rows get into PostgreSQL, all in one transaction
/// so a failed seed leaves nothing behind.
/// </summary>
internal sealed class PostgresBulkWriter : IWarehouseBulkWriter
{
    // Secondary indexes only: those backing constraints (the primary keys) stay.
    private const string WarehouseIndexes =
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename LIKE 'wh\\_%' " +
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)";

    private readonly TellalDbContext _db;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly DeferredIndexes _indexes;
    private readonly List<string> _tables = [];

    private PostgresBulkWriter(TellalDbContext db, NpgsqlConnection connection, NpgsqlTransaction transaction, DeferredIndexes indexes)
    {
        _db = db;
        _connection = connection;
        _transaction = transaction;
        _indexes = indexes;
    }

    public static async Task<PostgresBulkWriter> StartAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var indexes = await DeferredIndexes.DropAsync(connection, transaction, WarehouseIndexes, cancellationToken);
        return new PostgresBulkWriter(db, connection, transaction, indexes);
    }

    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, Action<long> progress, CancellationToken cancellationToken)
        where T : class
    {
        var mapping = WarehouseTableMapping<T>.From(_db.Model);
        var types = mapping.Columns.Select(c => NpgsqlTypeOf(c.ProviderType)).ToArray();
        var copy = $"COPY {mapping.Table} ({string.Join(", ", mapping.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await _connection.BeginBinaryImportAsync(copy, cancellationToken);
        long count = 0;
        await foreach (var batch in BackgroundBatches.Of(rows, cancellationToken))
        {
            foreach (var row in batch)
            {
                await importer.StartRowAsync(cancellationToken);
                for (var i = 0; i < types.Length; i++)
                {
                    await importer.WriteAsync(mapping.Columns[i].ProviderValue(row), types[i], cancellationToken);
                }
            }

            count += batch.Length;
            progress(count);
        }

        await importer.CompleteAsync(cancellationToken);
        _tables.Add(mapping.Table);
        return count;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _indexes.RecreateAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        // Fresh statistics, or the planner guesses the row counts of freshly loaded tables.
        await using var analyze = new NpgsqlCommand($"ANALYZE {string.Join(", ", _tables)}", _connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _db.Database.CloseConnectionAsync();
    }

    private static NpgsqlDbType NpgsqlTypeOf(Type type) => type switch
    {
        _ when type == typeof(long) => NpgsqlDbType.Bigint,
        _ when type == typeof(int) => NpgsqlDbType.Integer,
        _ when type == typeof(bool) => NpgsqlDbType.Boolean,
        _ when type == typeof(string) => NpgsqlDbType.Varchar,
        _ when type == typeof(DateOnly) => NpgsqlDbType.Date,
        _ when type == typeof(DateTimeOffset) => NpgsqlDbType.TimestampTz,
        _ => throw new NotSupportedException($"No PostgreSQL COPY type for {type.Name}."),
    };
}
