using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Tellal.Platform.Storage;
using Tellal.Platform.Storage.Retention;

namespace Tellal.Messaging.Inbox;

/// <summary>
/// Handled message ids are needed only while a duplicate can still arrive (a redelivery after a crash or a broker
/// restart comes within minutes); <see cref="MessagingOptions.InboxRetention"/> keeps them far longer than that.
/// </summary>
internal sealed class InboxRetentionRule(IOptions<MessagingOptions> options) : IRetentionRule
{
    public string Name => "inbox entries";

    public TimeSpan Retention => options.Value.InboxRetention;

    public Task<int> DeleteBatchAsync(TellalDbContext db, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken)
    {
        var before = cutoff.ToUnixTimeMilliseconds();
        return db.Set<InboxEntry>()
            .Where(e => e.HandledAt < before)
            .OrderBy(e => e.HandledAt)
            .Take(batchSize)
            .ExecuteDeleteAsync(cancellationToken);
    }
}
