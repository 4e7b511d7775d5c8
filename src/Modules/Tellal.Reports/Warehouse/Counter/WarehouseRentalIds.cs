using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;

namespace Tellal.Reports.Warehouse.Counter;

/// <summary>
/// Hands out ids for new warehouse rentals within one unit of work: the loader assigns ids, so there is no sequence to
/// ask; the largest id is read once and counted on from there. Two nodes doing this at once collide on the key, and
/// the loser's batch is retried (the queue has one consumer per node to keep that rare).
/// </summary>
internal sealed class WarehouseRentalIds(TellalDbContext db)
{
    private long _last = -1;

    public async Task<long> NextAsync(CancellationToken cancellationToken)
    {
        if (_last < 0)
        {
            _last = await db.Set<Rental>().MaxAsync(r => (long?)r.Id, cancellationToken) ?? 0;
        }

        return ++_last;
    }
}
