using System.Data.Common;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// Drops the warehouse's secondary indexes before a bulk load and recreates them after it, inside the load's
/// transaction: building an index once from sorted data is much cheaper than updating it for every row, and
/// a failed load rolls the drop back with everything else.
/// </summary>
internal sealed class DeferredIndexes
{
    private readonly DbConnection _connection;
    private readonly DbTransaction _transaction;
    private readonly List<string> _definitions = [];

    private DeferredIndexes(DbConnection connection, DbTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>
    /// <paramref name="listSql"/> returns (index name, CREATE INDEX statement) of the indexes to defer.
    /// </summary>
    public static async Task<DeferredIndexes> DropAsync(DbConnection connection, DbTransaction transaction, string listSql, CancellationToken cancellationToken)
    {
        var indexes = new DeferredIndexes(connection, transaction);
        var names = new List<string>();
        await using (var list = indexes.Command(listSql))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                names.Add(reader.GetString(0));
                indexes._definitions.Add(reader.GetString(1));
            }
        }

        foreach (var name in names)
        {
            await indexes.ExecuteAsync($"DROP INDEX {name}", cancellationToken);
        }

        return indexes;
    }

    public async Task RecreateAsync(CancellationToken cancellationToken)
    {
        foreach (var definition in _definitions)
        {
            await ExecuteAsync(definition, cancellationToken);
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private DbCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        return command;
    }
}
