using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;

namespace Tellal.Reports.External;

/// <summary>
/// A webhook receipt is what makes a replayed <c>webhook-id</c> harmless; it is needed while the provider may still
/// send that webhook again (its retries last minutes) and its timestamp still passes the tolerance.
/// </summary>
internal sealed class WebhookReceiptRetentionRule(IOptions<ExternalReportsOptions> options) : IRetentionRule
{
    public string Name => "webhook receipts";

    public TimeSpan Retention => options.Value.WebhookReceiptRetention;

    public Task<int> DeleteBatchAsync(TellalDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        db.Set<WebhookReceipt>()
            .Where(r => r.ReceivedAt < cutoff)
            .OrderBy(r => r.ReceivedAt)
            .Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);
}
