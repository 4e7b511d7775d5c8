using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Storage;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Dispatch;

/// <summary>
/// Counts redeliveries in the database when the transport cannot: a message whose handling kills its consumer
/// process never settles, so only a count written before handling can tell the next delivery "this is the n-th".
/// One upsert per redelivered message (rare: crashes, releases), none for first deliveries.
/// </summary>
internal static class DeliveryCounter
{
    /// <summary>
    /// Records one more delivery of this attempt and returns the deliveries so far, the first included. The first count
    /// recorded is <paramref name="known"/>: 2 where the transport knows it redelivers, 1 where it only may.
    /// </summary>
    public static async Task<int> CountRedeliveryAsync(TellalDbContext db, string queue, Envelope envelope, int known, long now, CancellationToken cancellationToken)
    {
        await using var upsert = await db.CreateCommandAsync($"""
            INSERT INTO {MessagingModel.DeliveryCountTable} (queue, message_id, attempt, deliveries, delivered_at)
            VALUES (@queue, @id, @attempt, @known, @now)
            ON CONFLICT (queue, message_id, attempt)
            DO UPDATE SET deliveries = {MessagingModel.DeliveryCountTable}.deliveries + 1, delivered_at = @now
            RETURNING deliveries
            """, cancellationToken);
        SqlDialect.AddParameter(upsert, "@queue", queue);
        SqlDialect.AddParameter(upsert, "@id", envelope.Id.ToString());
        SqlDialect.AddParameter(upsert, "@attempt", envelope.Attempt);
        SqlDialect.AddParameter(upsert, "@known", known);
        SqlDialect.AddParameter(upsert, "@now", now);
        return Convert.ToInt32(await upsert.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Settled messages (handled, retried or dead-lettered) need their count no more.</summary>
    public static Task ForgetAsync(TellalDbContext db, string queue, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        ids.Count == 0
            ? Task.CompletedTask
            : db.Set<DeliveryCount>().Where(c => c.Queue == queue && ids.Contains(c.MessageId)).ExecuteDeleteAsync(cancellationToken);
}
