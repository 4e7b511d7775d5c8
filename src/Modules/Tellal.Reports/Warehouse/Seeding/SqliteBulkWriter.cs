using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// SQLite load: one transaction around everything and, per table, one prepared multi-row INSERT whose parameters
/// are rebound for every group of rows. SQLite has no COPY; this avoids re-parsing SQL, per-row commits and most
/// of the per-statement cost of ADO.NET, which are what make naive inserts slow.
/// </summary>
internal sealed class SqliteBulkWriter : IWarehouseBulkWriter
{
    private const string WarehouseIndexes =
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'wh\\_%' ESCAPE '\\' AND sql IS NOT NULL";

    // Rows per INSERT: the per-statement overhead shrinks with more, and 64 rows of 9 columns stay far below
    // SQLite's parameter limit (32766).
    private const int RowsPerStatement = 64;

    private readonly TellalDbContext _db;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;
    private readonly DeferredIndexes _indexes;

    private SqliteBulkWriter(TellalDbContext db, SqliteConnection connection, SqliteTransaction transaction, DeferredIndexes indexes)
    {
        _db = db;
        _connection = connection;
        _transaction = transaction;
        _indexes = indexes;
    }

    public static async Task<SqliteBulkWriter> StartAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // A bigger page cache and in-memory sorting keep the tables' growing ends and the index builds off the disk.
        await ExecuteAsync(connection, null, "PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY", cancellationToken);
        var transaction = connection.BeginTransaction();
        var indexes = await DeferredIndexes.DropAsync(connection, transaction, WarehouseIndexes, cancellationToken);
        return new SqliteBulkWriter(db, connection, transaction, indexes);
    }

    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, Action<long> progress, CancellationToken cancellationToken)
        where T : class
    {
        var mapping = WarehouseTableMapping<T>.From(_db.Model);
        await using var fullInsert = PrepareInsert(mapping, RowsPerStatement);
        long count = 0;
        await foreach (var batch in BackgroundBatches.Of(rows, cancellationToken))
        {
            var full = batch.Length - (batch.Length % RowsPerStatement);
            for (var start = 0; start < full; start += RowsPerStatement)
            {
                Insert(fullInsert, mapping, batch.AsSpan(start, RowsPerStatement));
            }

            if (full < batch.Length)
            {
                await using var restInsert = PrepareInsert(mapping, batch.Length - full);
                Insert(restInsert, mapping, batch.AsSpan(full));
            }

            count += batch.Length;
            progress(count);
        }

        return count;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _indexes.RecreateAsync(cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
        // Sampled statistics (analysis_limit) are as good for the planner here and take a fraction of a full scan.
        await ExecuteAsync(_connection, null, "PRAGMA analysis_limit = 1000; ANALYZE", cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await ExecuteAsync(_connection, null, "PRAGMA cache_size = -2000; PRAGMA temp_store = DEFAULT; PRAGMA analysis_limit = 0", CancellationToken.None);
        await _db.Database.CloseConnectionAsync();
    }

    /// <summary>INSERT INTO t (a, b) VALUES ($0, $1), ($2, $3), ...: one prepared statement for several rows.</summary>
    private SqliteCommand PrepareInsert<T>(WarehouseTableMapping<T> mapping, int rowCount)
        where T : class
    {
        var insert = _connection.CreateCommand();
        insert.Transaction = _transaction;
        var width = mapping.Columns.Count;
        var tuples = Enumerable.Range(0, rowCount)
            .Select(row => "(" + string.Join(", ", Enumerable.Range(row * width, width).Select(i => "$" + i)) + ")");
        insert.CommandText = $"INSERT INTO {mapping.Table} ({string.Join(", ", mapping.Columns.Select(c => c.Name))}) VALUES {string.Join(", ", tuples)}";
        for (var i = 0; i < rowCount * width; i++)
        {
            insert.Parameters.Add(new SqliteParameter("$" + i, null));
        }

        insert.Prepare();
        return insert;
    }

    private static void Insert<T>(SqliteCommand insert, WarehouseTableMapping<T> mapping, ReadOnlySpan<T> rows)
        where T : class
    {
        var width = mapping.Columns.Count;
        for (var row = 0; row < rows.Length; row++)
        {
            for (var column = 0; column < width; column++)
            {
                insert.Parameters[(row * width) + column].Value = mapping.Columns[column].ProviderValue(rows[row]) ?? DBNull.Value;
            }
        }

        // Synchronous on purpose: Microsoft.Data.Sqlite has no real async I/O, only extra overhead.
        insert.ExecuteNonQuery();
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
