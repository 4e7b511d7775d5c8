using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.DeadLetters;

public sealed record DeadLetterSummary(Guid Id, Guid MessageId, string Type, string Queue, string? Subject,
    int Attempts, string Reason, DateTimeOffset FailedAt, DateTimeOffset? ReplayedAt);

public sealed record DeadLetterDetails(DeadLetterSummary Summary, string Source, DateTimeOffset Time, string? TraceParent,
    string Priority, string Data, string? Exception);

public enum ReplayOutcome
{
    Replayed,
    NotFound,
    AlreadyReplayed,
}

/// <summary>Lists, shows and replays dead letters; the CLI and the admin HTTP endpoints both use it.</summary>
public sealed class DeadLetterStore(TellalDbContext db, TimeProvider time)
{
    public async Task<IReadOnlyList<DeadLetterSummary>> ListAsync(int limit, bool includeReplayed, CancellationToken cancellationToken)
    {
        var query = db.Set<DeadLetter>().AsNoTracking();
        if (!includeReplayed)
        {
            query = query.Where(d => d.ReplayedAt == null);
        }

        var rows = await query.OrderByDescending(d => d.FailedAt).Take(limit).ToListAsync(cancellationToken);
        return rows.Select(Summarize).ToList();
    }

    public async Task<DeadLetterDetails?> FindAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Set<DeadLetter>().AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return row is null ? null : new DeadLetterDetails(Summarize(row), row.Source,
            DateTimeOffset.FromUnixTimeMilliseconds(row.Time), row.TraceParent, row.ToEnvelope().Priority.ToString(), row.Data, row.Exception);
    }

    /// <summary>
    /// Sends the message again to the queue it died in, as a first attempt with its original id. It was never
    /// handled (no inbox entry), so the id stays valid for duplicate suppression of the replay itself.
    /// </summary>
    public async Task<ReplayOutcome> ReplayAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await db.Set<DeadLetter>().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (row is null)
        {
            return ReplayOutcome.NotFound;
        }

        if (row.ReplayedAt is not null)
        {
            return ReplayOutcome.AlreadyReplayed;
        }

        var now = time.GetUtcNow();
        row.ReplayedAt = now.ToUnixTimeMilliseconds();
        OutboxPublisher.Enqueue(db, row.ToEnvelope() with { Attempt = 1 }, row.Queue, now);
        await db.SaveChangesAsync(cancellationToken);
        return ReplayOutcome.Replayed;
    }

    private static DeadLetterSummary Summarize(DeadLetter row) => new(row.Id, row.MessageId, row.Type, row.Queue, row.Subject,
        row.Attempts, row.Reason, DateTimeOffset.FromUnixTimeMilliseconds(row.FailedAt),
        row.ReplayedAt is { } replayed ? DateTimeOffset.FromUnixTimeMilliseconds(replayed) : null);
}
