using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.Registration;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// A message whose handler writes one <see cref="Note"/> with its key. <paramref name="Fail"/> makes the handler throw,
/// <paramref name="Block"/> makes it wait until it is cancelled, <paramref name="Forward"/> makes it publish a <see cref="Ping"/>
/// with that key, <paramref name="HookFails"/> makes its final-failure hook throw, <paramref name="Direct"/> makes it write the
/// note with its own SQL statement instead of through the unit of work.
/// </summary>
[MessageType("tellal.test.ping.v1")]
public sealed record Ping(string Key, bool Fail = false, bool Block = false, string? Forward = null, bool HookFails = false, bool Direct = false);

/// <summary>A second type, handled on the other queue only.</summary>
[MessageType("tellal.test.pong.v1")]
public sealed record Pong(string Key);

/// <summary>
/// Handled on the pings queue by a batch handler, which notes the keys it got in one call and publishes a
/// <see cref="Pong"/> for each <paramref name="Forward"/>; <paramref name="Fail"/> makes that call throw after both.
/// </summary>
[MessageType("tellal.test.chunk.v1")]
public sealed record Chunk(string Key, bool Fail = false, string? Forward = null);

/// <summary>An effect of a handler, committed (or not) with the inbox row.</summary>
public sealed class Note
{
    public long Seq { get; set; }
    public string Key { get; set; } = "";
}

/// <summary>What the handlers did, for the test to see: every invocation, including those whose transaction rolled back.</summary>
public sealed class HandlerLog
{
    public ConcurrentQueue<string> Handled { get; } = new();
    public ConcurrentQueue<(string Key, string Reason)> FinalFailures { get; } = new();
    public TaskCompletionSource Blocking { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Count(string key) => Handled.Count(k => k == key);
}

public sealed class PingHandler(TellalDbContext db, IMessagePublisher publisher, HandlerLog log) : IMessageHandler<Ping>, IFinalFailureHandler<Ping>
{
    public async Task HandleAsync(Ping message, MessageContext context, CancellationToken cancellationToken)
    {
        log.Handled.Enqueue(message.Key);
        if (message.Block)
        {
            log.Blocking.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (message.Direct)
        {
            await db.Database.ExecuteSqlAsync($"INSERT INTO test_notes (\"Key\") VALUES ({message.Key})", cancellationToken);
        }

        if (message.Fail)
        {
            throw new InvalidOperationException($"Ping {message.Key} fails.");
        }

        if (!message.Direct)
        {
            db.Set<Note>().Add(new Note { Key = message.Key });
        }
        if (message.Forward is { } forward)
        {
            publisher.Publish(new Ping(forward));
        }
    }

    public Task OnFinalFailureAsync(Ping message, MessageContext context, string reason, CancellationToken cancellationToken)
    {
        log.FinalFailures.Enqueue((message.Key, reason));
        if (message.HookFails)
        {
            throw new InvalidOperationException($"The final-failure hook of {message.Key} fails.");
        }

        db.Set<Note>().Add(new Note { Key = $"failed:{message.Key}" });
        return Task.CompletedTask;
    }

    public Task OnReplayAsync(Ping message, CancellationToken cancellationToken) => Task.CompletedTask;
}

public sealed class PongHandler(TellalDbContext db, HandlerLog log) : IMessageHandler<Pong>
{
    public Task HandleAsync(Pong message, MessageContext context, CancellationToken cancellationToken)
    {
        log.Handled.Enqueue(message.Key);
        db.Set<Note>().Add(new Note { Key = message.Key });
        return Task.CompletedTask;
    }
}

public sealed class ChunkBatchHandler(TellalDbContext db, IMessagePublisher publisher, HandlerLog log) : IBatchMessageHandler<Chunk>
{
    public async Task HandleAsync(IReadOnlyList<Chunk> messages, CancellationToken cancellationToken)
    {
        var keys = string.Join(',', messages.Select(m => m.Key));
        log.Handled.Enqueue($"chunks:{keys}");
        // Its own statement, as a bulk load is: it must commit or roll back with the batch's inbox rows.
        await db.Database.ExecuteSqlAsync($"INSERT INTO test_notes (\"Key\") VALUES ({keys})", cancellationToken);
        foreach (var forward in messages.Select(m => m.Forward).OfType<string>())
        {
            publisher.Publish(new Pong(forward));
        }

        if (messages.Any(m => m.Fail))
        {
            throw new InvalidOperationException($"Chunks {keys} fail.");
        }
    }
}

public sealed class NoteModel : IModelContributor
{
    public void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Note>(note =>
        {
            note.ToTable("test_notes");
            note.HasKey(n => n.Seq);
        });
}

public static class TestQueues
{
    /// <summary>Handles <see cref="Ping"/>.</summary>
    public static readonly QueueDefinition Pings = new("test.pings", TellalRole.Worker) { BatchSize = 8, HandlerTimeout = TimeSpan.FromSeconds(10) };

    /// <summary>Handles <see cref="Ping"/> too, and <see cref="Pong"/>.</summary>
    public static readonly QueueDefinition Audit = new("test.audit", TellalRole.Worker) { BatchSize = 8, HandlerTimeout = TimeSpan.FromSeconds(10) };
}
