using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Storage;

/// <summary>
/// The few SQL differences the relay and the Local transport meet. Claims are single
/// <c>UPDATE ... WHERE key IN (SELECT ... LIMIT n) RETURNING</c> statements on both databases; PostgreSQL adds
/// <c>FOR UPDATE SKIP LOCKED</c> so competing nodes take disjoint rows instead of queueing on the same ones.
/// </summary>
internal sealed class SqlDialect(DatabaseProvider provider)
{
    public string SkipLocked => provider == DatabaseProvider.Postgres ? " FOR UPDATE SKIP LOCKED" : "";

    public static SqlDialect For(DbContext db) =>
        new(db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite);

    public static void AddParameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// "<paramref name="column"/> is one of <paramref name="values"/>". On PostgreSQL one array parameter, so the statement's
    /// text is the same however many values there are, and Npgsql's automatic preparation (see <c>StorageConnection</c>)
    /// parses and plans it once per connection instead of once per batch; an <c>IN (...)</c> list elsewhere.
    /// </summary>
    public static string Matches<T>(DbCommand command, string column, string name, IReadOnlyCollection<T> values)
    {
        if (command is NpgsqlCommand)
        {
            AddParameter(command, $"@{name}", values.ToArray());
            return $"{column} = ANY(@{name})";
        }

        return $"{column} IN ({AddList(command, name, values)})";
    }

    /// <summary>Adds <c>@p0..@pn</c> and returns the list for an <c>IN (...)</c> clause.</summary>
    private static string AddList<T>(DbCommand command, string prefix, IEnumerable<T> values)
    {
        var names = new List<string>();
        foreach (var value in values)
        {
            var name = $"@{prefix}{names.Count}";
            AddParameter(command, name, value);
            names.Add(name);
        }

        return string.Join(",", names);
    }
}
