using System.Collections.Concurrent;

namespace Tellal.Operations;

/// <summary>
/// The operations hub's connections on this node. Each web node sends its snapshot to its own watchers only: with the
/// Redis backplane, "all clients" would reach every node's watchers once per web node.
/// </summary>
public sealed class OperationsAudience : IDisposable
{
    private readonly ConcurrentDictionary<string, byte> _connections = new();
    private readonly SemaphoreSlim _joined = new(0, 1);

    public IReadOnlyList<string> Connections => [.. _connections.Keys];

    public void Join(string connectionId)
    {
        _connections[connectionId] = 0;
        try
        {
            _joined.Release();
        }
        catch (SemaphoreFullException)
        {
            // a send is already due
        }
    }

    public void Dispose() => _joined.Dispose();

    public void Leave(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Waits until the next send is due: <paramref name="interval"/> passed, or someone new is watching.</summary>
    public Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => _joined.WaitAsync(interval, cancellationToken);
}
