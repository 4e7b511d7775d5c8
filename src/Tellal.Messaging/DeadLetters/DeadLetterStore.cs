using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Dispatch;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
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
public sealed class DeadLetterStore(TellalDbContext db, TimeProvider time, MessageRegistry registry, IServiceProvider services)
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
    /// handled (no inbox entry), so the id stays valid for duplicate suppression of the replay itself. The handler's
    /// replay hook undoes, in the same transaction, what its final-failure hook recorded.
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
        var envelope = row.ToEnvelope();
        services.GetRequiredService<OutboxWriter>().Add(db, envelope with { Attempt = 1 }, row.Queue, now);
        await UndoFinalFailureAsync(row.Queue, envelope, cancellationToken);
        // A delivery count the dispatcher could not clear would make the replay look like a crash loop.
        await DeliveryCounter.ForgetAsync(db, row.Queue, [envelope.Id], cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return ReplayOutcome.Replayed;
    }

    private async Task UndoFinalFailureAsync(string queue, Envelope envelope, CancellationToken cancellationToken)
    {
        if (registry.Handler(queue, envelope.Type) is not { OnReplay: { } onReplay } registration)
        {
            return;
        }

        object? body;
        try
        {
            body = JsonSerializer.Deserialize(envelope.Data, registration.MessageType, OutboxPublisher.Json);
        }
        catch (JsonException)
        {
            return; // unreadable data never reached the handler's final-failure hook either
        }

        if (body is not null)
        {
            await onReplay(services, body, cancellationToken);
        }
    }

    private static DeadLetterSummary Summarize(DeadLetter row) => new(row.Id, row.MessageId, row.Type, row.Queue, row.Subject,
        row.Attempts, row.Reason, DateTimeOffset.FromUnixTimeMilliseconds(row.FailedAt),
        row.ReplayedAt is { } replayed ? DateTimeOffset.FromUnixTimeMilliseconds(replayed) : null);
}
