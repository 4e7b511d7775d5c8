using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Benchmarks;

/// <summary>A trivial job. <paramref name="ScheduledAt"/> is when a fixed-rate publisher meant to send it.</summary>
[MessageType("tellal.bench.job.v1")]
public sealed record BenchJob(int Number, DateTimeOffset ScheduledAt);

/// <summary>The handler's state write: one narrow row per job, committed with the inbox row.</summary>
public sealed class BenchEffect
{
    public long Seq { get; set; }
    public Guid MessageId { get; set; }
    public int Number { get; set; }

    // Not stored: carried to HandledProbe, which sees the entity after the commit.
    public DateTimeOffset PublishedAt { get; set; }
    public DateTimeOffset ScheduledAt { get; set; }
}

public sealed class BenchJobHandler(TellalDbContext db) : IMessageHandler<BenchJob>
{
    public Task HandleAsync(BenchJob message, MessageContext context, CancellationToken cancellationToken)
    {
        db.Set<BenchEffect>().Add(new BenchEffect
        {
            MessageId = context.Envelope.Id,
            Number = message.Number,
            PublishedAt = context.Envelope.Time,
            ScheduledAt = message.ScheduledAt,
        });
        return Task.CompletedTask;
    }
}

public sealed class BenchModel : IModelContributor
{
    /// <summary>Queue defaults (concurrency, batch size) are the product's: the benchmark measures what ships.</summary>
    public static readonly QueueDefinition Queue = new("bench.jobs", TellalRole.Worker);

    public void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<BenchEffect>(effect =>
        {
            effect.ToTable("bench_effects");
            effect.HasKey(e => e.Seq);
            effect.Property(e => e.MessageId).HasConversion<string>().HasMaxLength(36);
            effect.Ignore(e => e.PublishedAt);
            effect.Ignore(e => e.ScheduledAt);
        });
}
