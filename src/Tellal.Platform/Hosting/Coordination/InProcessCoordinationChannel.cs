using System.Collections.Concurrent;

namespace Tellal.Platform.Hosting.Coordination;

/// <summary>The channel of a deployment without Redis: one node (or replicas that each re-check on their own), so it stays in the process.</summary>
public sealed class InProcessCoordinationChannel : ICoordinationChannel
{
    private readonly ConcurrentDictionary<string, ImmutableHandlers> _handlers = new();

    public event Action? Resynchronize { add { } remove { } }

    public Task PublishAsync(string topic, string message, CancellationToken cancellationToken = default)
    {
        if (_handlers.TryGetValue(topic, out var handlers))
        {
            handlers.Deliver(message);
        }

        return Task.CompletedTask;
    }

    public void Subscribe(string topic, Action<string> onMessage) =>
        _handlers.AddOrUpdate(topic, _ => new([onMessage]), (_, existing) => new([.. existing.All, onMessage]));
}
