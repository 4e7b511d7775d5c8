using Tellal.Platform.Hosting;

namespace Tellal.Messaging.Transport;

/// <summary>
/// Connects the transport and declares its queues before the node opens: the relay and consumers start behind the
/// startup gate, and the modules' start-up tasks (registered after this one) find the transport ready.
/// </summary>
internal sealed class TransportStartup(ITransport transport) : IStartupTask
{
    public string Description => $"connecting to the {transport.Name} transport";

    public Task RunAsync(CancellationToken cancellationToken) => transport.StartAsync(cancellationToken);
}
