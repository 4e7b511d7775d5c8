using Microsoft.EntityFrameworkCore;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Hosting;
using Tellal.Platform.Roles;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.TestNode;

/// <summary>A message whose only effect is one row in <c>test_effects</c>: counting rows per key proves "once".</summary>
[MessageType("tellal.test.record-effect.v1")]
public sealed record RecordEffect(string Key, int FailAttempts = 0, int WorkMilliseconds = 0);

public sealed class Effect
{
    public long Seq { get; set; }
    public string Key { get; set; } = "";
    public Guid MessageId { get; set; }
    public string Queue { get; set; } = "";
    public int Attempt { get; set; }
    public string Node { get; set; } = "";
}

/// <summary>Keys whose handling throws, switchable at run time: a "bug" the test can later "fix".</summary>
public sealed class FaultSwitch
{
    public HashSet<string> PoisonKeys { get; } = [];

    /// <summary>Keys whose handling kills the whole process (FailFast: no catch, no shutdown, no settlement).</summary>
    public HashSet<string> CrashKeys { get; } = [];
}

public sealed class RecordEffectHandler(TellalDbContext db, FaultSwitch faults, NodeIdentity node) : IMessageHandler<RecordEffect>
{
    public async Task HandleAsync(RecordEffect message, MessageContext context, CancellationToken cancellationToken)
    {
        if (message.WorkMilliseconds > 0)
        {
            // The kill tests wait for this line to know the node is in the middle of a message.
            Console.WriteLine($"HANDLING {message.Key}");
            await Task.Delay(message.WorkMilliseconds, cancellationToken);
        }

        lock (faults)
        {
            if (faults.CrashKeys.Contains(message.Key))
            {
                Console.WriteLine($"CRASHING {message.Key}");
                Environment.FailFast($"Simulated crash while handling {message.Key}.");
            }

            if (faults.PoisonKeys.Contains(message.Key))
            {
                throw new InvalidOperationException($"Simulated bug while handling {message.Key}.");
            }
        }

        if (context.Envelope.Attempt <= message.FailAttempts)
        {
            throw new TimeoutException($"Simulated transient failure, attempt {context.Envelope.Attempt}.");
        }

        db.Set<Effect>().Add(new Effect
        {
            Key = message.Key, MessageId = context.Envelope.Id, Queue = context.Queue, Attempt = context.Envelope.Attempt, Node = node.Name,
        });
    }
}

public sealed class TestModel : IModelContributor
{
    public const string Queue = "test.effects";

    public static QueueDefinition QueueDefinition(int concurrency, int batchSize) =>
        new(Queue, TellalRole.Worker) { Concurrency = concurrency, BatchSize = batchSize, HandlerTimeout = TimeSpan.FromSeconds(30) };

    public void ConfigureModel(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Effect>(effect =>
        {
            effect.ToTable("test_effects");
            effect.HasKey(e => e.Seq);
            effect.Property(e => e.MessageId).HasConversion<string>();
        });
}
