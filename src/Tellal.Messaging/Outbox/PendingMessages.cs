using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Storage;

namespace Tellal.Messaging.Outbox;

/// <summary>
/// The envelope rows each unit of work has added and not yet seen committed. Kept per context rather than found by scanning
/// its change tracker, which would cost a change detection over every tracked entity at each commit.
/// </summary>
internal sealed class PendingMessages
{
    private readonly ConditionalWeakTable<DbContext, List<StoredEnvelope>> _rows = new();

    public void Add(DbContext db, StoredEnvelope row) => _rows.GetOrCreateValue(db).Add(row);

    /// <summary>
    /// The rows whose INSERT has been executed (tracked as unchanged), removed from the pending list: at a commit these
    /// are the committed ones, at a rollback the ones that never existed.
    /// </summary>
    public List<StoredEnvelope> TakeSaved(DbContext db)
    {
        if (!_rows.TryGetValue(db, out var rows) || rows.Count == 0)
        {
            return [];
        }

        var saved = rows.FindAll(row => db.Entry(row).State == EntityState.Unchanged);
        rows.RemoveAll(row => db.Entry(row).State is EntityState.Unchanged or EntityState.Detached);
        return saved;
    }
}
