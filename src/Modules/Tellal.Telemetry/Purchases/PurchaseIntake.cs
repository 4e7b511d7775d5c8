using Microsoft.EntityFrameworkCore;
using Tellal.Platform.Storage;
using Tellal.Telemetry.Ingest;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// Queues the purchases of an accepted request for verification, in the staging transaction (so with the message's
/// inbox row: a redelivery adds nothing). Purchases are a small share of events, so a lookup by id drops the ones
/// already known (a request resent by the app) without slowing the bulk path of the others.
/// </summary>
internal static class PurchaseIntake
{
    public static async Task AddAsync(TellalDbContext db, string app, IReadOnlyList<TelemetryEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purchases = events.Where(e => e.Type == EventTypes.Purchase).DistinctBy(e => e.EventId).ToList();
        if (purchases.Count == 0)
        {
            return;
        }

        var ids = purchases.Select(p => p.EventId).ToList();
        var known = (await db.Set<Purchase>().Where(p => ids.Contains(p.EventId)).Select(p => p.EventId).ToListAsync(cancellationToken)).ToHashSet();
        // Other messages of the same dispatcher batch share this context: their purchases are tracked, not stored yet.
        known.UnionWith(db.Set<Purchase>().Local.Select(p => p.EventId));
        foreach (var e in purchases.Where(p => !known.Contains(p.EventId)))
        {
            db.Set<Purchase>().Add(new Purchase
            {
                EventId = e.EventId,
                App = app,
                PlayerId = e.PlayerId,
                GameId = e.GameId,
                OccurredAt = e.OccurredAt,
                Receipt = PurchaseData.Receipt(e.Data),
                Status = PurchaseStatus.Pending,
                NextAttemptAt = now,
                ReceivedAt = now,
            });
        }
    }
}
