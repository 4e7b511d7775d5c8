using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// SQLite load: one transaction around everything and, per table, one prepared INSERT whose parameters are
/// rebound for every row. SQLite has no COPY; this avoids re-parsing SQL and per-row commits, which are what
/// make naive inserts slow.
/// </summary>
internal sealed class SqliteBulkWriter : IWarehouseBulkWriter
{
    private const int ProgressEvery = 50_000;

    private readonly TellalDbContext _db;
    private readonly SqliteConnection _connection;
    private readonly SqliteTransaction _transaction;

    private SqliteBulkWriter(TellalDbContext db, SqliteConnection connection, SqliteTransaction transaction)
    {
        _db = db;
        _connection = connection;
        _transaction = transaction;
    }

    public static async Task<SqliteBulkWriter> StartAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // A bigger page cache keeps the secondary indexes (random inserts) in memory while loading.
        Execute(connection, null, "PRAGMA cache_size = -262144");
        return new SqliteBulkWriter(db, connection, connection.BeginTransaction());
    }

    public Task<long> WriteAsync<T>(IEnumerable<T> rows, Action<long> progress, CancellationToken cancellationToken)
        where T : class
    {
        var mapping = WarehouseTableMapping<T>.From(_db.Model);
        using var insert = _connection.CreateCommand();
        insert.Transaction = _transaction;
        insert.CommandText = $"INSERT INTO {mapping.Table} ({string.Join(", ", mapping.Columns.Select(c => c.Name))}) " +
            $"VALUES ({string.Join(", ", mapping.Columns.Select((_, i) => "$p" + i))})";
        var parameters = mapping.Columns.Select((_, i) => insert.Parameters.Add(new SqliteParameter("$p" + i, null))).ToArray();
        insert.Prepare();

        long count = 0;
        foreach (var row in rows)
        {
            for (var i = 0; i < parameters.Length; i++)
            {
                parameters[i].Value = mapping.Columns[i].ProviderValue(row) ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            if (++count % ProgressEvery == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress(count);
            }
        }

        progress(count);
        return Task.FromResult(count);
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await _transaction.CommitAsync(cancellationToken);
        Execute(_connection, null, "ANALYZE");
    }

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        Execute(_connection, null, "PRAGMA cache_size = -2000");
        await _db.Database.CloseConnectionAsync();
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
