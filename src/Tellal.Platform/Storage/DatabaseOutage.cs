using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Tellal.Platform.Storage;

/// <summary>
/// Tells "the database is unreachable or too busy right now" (worth retrying later) from a bug or a bad
/// request: PostgreSQL refusing or dropping connections, shutting down, timing out; SQLite still locked after
/// its busy timeout. EF Core passes these through unchanged or wrapped (DbUpdateException), so the whole chain
/// is searched.
/// </summary>
public static class DatabaseOutage
{
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsCause(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is SqliteException { SqliteErrorCode: SqliteBusy or SqliteLocked }
                || current is DbException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }
}
