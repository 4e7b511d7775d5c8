using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>PostgreSQL load: one binary COPY per table, the fastest way rows get into PostgreSQL.</summary>
internal sealed class PostgresBulkWriter(TellalDbContext db, NpgsqlConnection connection) : IWarehouseBulkWriter
{
    private const int ProgressEvery = 50_000;

    private readonly List<string> _tables = [];

    public static async Task<PostgresBulkWriter> StartAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return new PostgresBulkWriter(db, (NpgsqlConnection)db.Database.GetDbConnection());
    }

    public async Task<long> WriteAsync<T>(IEnumerable<T> rows, Action<long> progress, CancellationToken cancellationToken)
        where T : class
    {
        var mapping = WarehouseTableMapping<T>.From(db.Model);
        var types = mapping.Columns.Select(c => NpgsqlTypeOf(c.ProviderType)).ToArray();
        var copy = $"COPY {mapping.Table} ({string.Join(", ", mapping.Columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)";
        await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
        long count = 0;
        foreach (var row in rows)
        {
            await importer.StartRowAsync(cancellationToken);
            for (var i = 0; i < types.Length; i++)
            {
                await importer.WriteAsync(mapping.Columns[i].ProviderValue(row), types[i], cancellationToken);
            }

            if (++count % ProgressEvery == 0)
            {
                progress(count);
            }
        }

        await importer.CompleteAsync(cancellationToken);
        _tables.Add(mapping.Table);
        progress(count);
        return count;
    }

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        // Fresh statistics, or the planner guesses row counts of freshly loaded tables.
        await using var analyze = new NpgsqlCommand($"ANALYZE {string.Join(", ", _tables)}", connection);
        await analyze.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await db.Database.CloseConnectionAsync();

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
