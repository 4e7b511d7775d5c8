using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Tellal.Messaging.Storage;

internal static class DbContextSqlExtensions
{
    /// <summary>A command on the context's own connection (and transaction, if one is open).</summary>
    public static async Task<DbCommand> CreateCommandAsync(this DbContext db, string sql, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
