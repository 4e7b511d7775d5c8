using Microsoft.EntityFrameworkCore;
using Tellal.Contracts.Telemetry;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Telemetry.Purchases;

/// <summary>
/// The verifier's work queue on <c>tel_purchases</c>. A claim moves <see cref="Purchase.NextAttemptAt"/> past the
/// claim timeout and stamps the claimer, in one conditional UPDATE: on PostgreSQL a second node's UPDATE waits for the
/// row lock, re-reads the row, finds it no longer due and leaves it. A verdict is written only by the claim that is
/// still current and only on a pending row, so each purchase is decided once, whatever nodes die or race.
/// </summary>
internal static class PurchaseClaims
{
    public static async Task<List<Purchase>> ClaimAsync(TellalDbContext db, string holder, DateTimeOffset now, int batchSize, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        var due = await db.Set<Purchase>()
            .Where(p => p.Status == PurchaseStatus.Pending && p.NextAttemptAt <= now)
            .OrderBy(p => p.NextAttemptAt).Take(batchSize).Select(p => p.EventId)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        var until = now + claimTimeout;
        await db.Set<Purchase>()
            .Where(p => due.Contains(p.EventId) && p.Status == PurchaseStatus.Pending && p.NextAttemptAt <= now)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.ClaimedBy, holder).SetProperty(x => x.NextAttemptAt, until), cancellationToken);
        return await db.Set<Purchase>().AsNoTracking()
            .Where(p => due.Contains(p.EventId) && p.ClaimedBy == holder && p.NextAttemptAt == until)
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Records the store's verdict and tells the warehouse (<see cref="PurchaseDecided"/>) in the same transaction, so the
    /// message leaves exactly when the verdict is written; false when the claim was lost meanwhile (nothing written or sent).
    /// </summary>
    public static async Task<bool> DecideAsync(TellalDbContext db, IMessagePublisher publisher, Purchase claimed, StoreVerdict verdict, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var written = await Current(db, claimed).ExecuteUpdateAsync(p => p
            .SetProperty(x => x.Status, verdict.Valid ? PurchaseStatus.Verified : PurchaseStatus.Rejected)
            .SetProperty(x => x.Attempts, x => x.Attempts + 1)
            .SetProperty(x => x.DecidedAt, now)
            .SetProperty(x => x.ProductId, verdict.ProductId)
            .SetProperty(x => x.PriceMicros, verdict.PriceMicros)
            .SetProperty(x => x.Currency, verdict.Currency)
            .SetProperty(x => x.Note, verdict.Valid ? null : Truncate(verdict.Reason ?? "The store refused the receipt.")), cancellationToken);
        if (written != 1)
        {
            return false;
        }

        publisher.Publish(new PurchaseDecided(claimed.EventId, claimed.App, claimed.GameId, claimed.OccurredAt, verdict.Valid,
            verdict.ProductId, verdict.Valid ? verdict.PriceMicros : null, verdict.Valid ? verdict.Currency : null, now));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The store could not answer: the purchase waits <paramref name="retryAt"/> for its next attempt.</summary>
    public static Task PostponeAsync(TellalDbContext db, Purchase claimed, DateTimeOffset retryAt, string why, CancellationToken cancellationToken) =>
        Current(db, claimed).ExecuteUpdateAsync(p => p
            .SetProperty(x => x.Attempts, x => x.Attempts + 1)
            .SetProperty(x => x.NextAttemptAt, retryAt)
            .SetProperty(x => x.Note, Truncate(why)), cancellationToken);

    private static IQueryable<Purchase> Current(TellalDbContext db, Purchase claimed) =>
        db.Set<Purchase>().Where(p => p.EventId == claimed.EventId && p.Status == PurchaseStatus.Pending
            && p.ClaimedBy == claimed.ClaimedBy && p.NextAttemptAt == claimed.NextAttemptAt);

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
