using System.Collections.Concurrent;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Platform.Roles;

namespace Tellal.Integration.Tests.DeadLetters;

[MessageType("tellal.test.probe.v1")]
public sealed record Probe(string Key);

/// <summary>What the probe handler does: fail for "broken" keys (a bug), record the keys it handled.</summary>
public sealed class ProbeBehaviour
{
    public const string Queue = "test.probes";
    public static readonly QueueDefinition QueueDefinition = new(Queue, TellalRole.Worker) { BatchSize = 1 };

    public ConcurrentDictionary<string, bool> Broken { get; } = new();
    public ConcurrentQueue<string> Handled { get; } = new();
}

public sealed class ProbeHandler(ProbeBehaviour behaviour) : IMessageHandler<Probe>
{
    public Task HandleAsync(Probe message, MessageContext context, CancellationToken cancellationToken)
    {
        if (behaviour.Broken.ContainsKey(message.Key))
        {
            throw new InvalidOperationException($"Bug: cannot handle probe {message.Key}.");
        }

        behaviour.Handled.Enqueue(message.Key);
        return Task.CompletedTask;
    }
}
