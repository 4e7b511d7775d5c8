using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.DeadLetters;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Diagnostics;

/// <summary>Rows waiting to be sent now (<see cref="Due"/>, the oldest since <see cref="OldestDueAt"/>) and scheduled for later (retries).</summary>
public sealed record OutboxBacklog(int Due, int Scheduled, DateTimeOffset? OldestDueAt);

/// <summary>Dead letters not replayed yet, per queue.</summary>
public sealed record DeadLetterCount(string Queue, int Count);

/// <summary>What the operations view shows of the core's own tables: the outbox backlog and the dead letters.</summary>
public static class MessagingBacklog
{
    public static async Task<OutboxBacklog> OutboxAsync(TellalDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        var due = await outbox.CountAsync(m => m.DueAt <= nowMs, cancellationToken);
        var scheduled = await outbox.CountAsync(m => m.DueAt > nowMs, cancellationToken);
        long? oldest = due == 0 ? null : await outbox.Where(m => m.DueAt <= nowMs).MinAsync(m => (long?)m.DueAt, cancellationToken);
        return new OutboxBacklog(due, scheduled, oldest is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null);
    }

    public static async Task<IReadOnlyList<DeadLetterCount>> DeadLettersAsync(TellalDbContext db, CancellationToken cancellationToken)
    {
        var counts = await db.Set<DeadLetter>().AsNoTracking()
            .Where(d => d.ReplayedAt == null)
            .GroupBy(d => d.Queue)
            .Select(g => new { Queue = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return [.. counts.OrderBy(c => c.Queue, StringComparer.Ordinal).Select(c => new DeadLetterCount(c.Queue, c.Count))];
    }
}
