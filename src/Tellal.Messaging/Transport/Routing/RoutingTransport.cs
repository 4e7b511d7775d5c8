using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Registration;

namespace Tellal.Messaging.Transport.Routing;

/// <summary>
/// Several transports behind one, each queue on the transport <see cref="QueueRoutes"/> gives it: a send goes to the
/// transport of its destination queue, or of the queues subscribed to its type; a type whose queues travel over different
/// transports is sent once per queue, so no transport ever carries a copy for a queue of another. Consuming a queue,
/// retries and replays (sent to one queue) follow the same rule, so dead letters and delays work per queue. A node with one
/// transport in use gets that transport itself, not this.
/// </summary>
public sealed class RoutingTransport : ITransport, IAsyncDisposable
{
    private readonly IReadOnlyDictionary<string, ITransport> _transports;
    private readonly QueueRoutes _routes;
    private readonly MessageRegistry _registry;
    private readonly ConcurrentDictionary<string, ITransport?> _carriers = new(StringComparer.Ordinal);

    private RoutingTransport(IReadOnlyDictionary<string, ITransport> transports, QueueRoutes routes, MessageRegistry registry)
    {
        _transports = transports;
        _routes = routes;
        _registry = registry;
        TransactionalQueue = transports.Values.OfType<ITransactionalQueue>().FirstOrDefault();
    }

    public string Name => string.Join('+', _transports.Keys);

    /// <summary>The transports in use, the primary first.</summary>
    public IReadOnlyCollection<ITransport> Transports => [.. _transports.Values];

    /// <summary>The transports in use, created once: their own, or this one routing between them.</summary>
    internal static ITransport Create(IServiceProvider services)
    {
        var routes = services.GetRequiredService<QueueRoutes>();
        var registrations = services.GetServices<TransportRegistration>().ToList();
        var transports = routes.InUse.ToDictionary(name => name,
            name => (ITransport)ActivatorUtilities.CreateInstance(services, registrations.Last(r => r.Name == name).Type), StringComparer.Ordinal);
        return transports.Count == 1 ? transports.Values.Single() : new RoutingTransport(transports, routes, services.GetRequiredService<MessageRegistry>());
    }

    /// <summary>The transport a queue travels over.</summary>
    internal ITransport For(string queue) => _transports[_routes.TransportOf(queue)];

    /// <summary>The one transport that carries a message to its queues; null when they travel over different transports.</summary>
    internal ITransport? CarrierOf(string type, string? destination) =>
        destination is not null ? For(destination) : _carriers.GetOrAdd(type, CarrierOfType);

    /// <summary>Worked out once per type (every publish asks): the routes do not change while the process runs.</summary>
    private ITransport? CarrierOfType(string type)
    {
        var carriers = _registry.Route(type).Select(For).Distinct().ToList();
        return carriers.Count switch
        {
            0 => _transports[_routes.Primary],
            1 => carriers[0],
            _ => null,
        };
    }

    /// <summary>The transport among these whose queue is a table of the system database, if one is in use.</summary>
    internal ITransactionalQueue? TransactionalQueue { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var transport in _transports.Values)
        {
            await transport.StartAsync(cancellationToken);
        }
    }

    public Task SendAsync(IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var byTransport = new Dictionary<ITransport, List<OutgoingMessage>>();
        foreach (var message in messages)
        {
            if (CarrierOf(message.Envelope.Type, message.Destination) is { } carrier)
            {
                Add(carrier, message);
                continue;
            }

            foreach (var queue in _registry.Route(message.Envelope.Type))
            {
                Add(For(queue), message with { Destination = queue });
            }
        }

        // Each transport keeps the order of its part; the parts go out side by side.
        return Task.WhenAll(byTransport.Select(part => part.Key.SendAsync(part.Value, cancellationToken)));

        void Add(ITransport transport, OutgoingMessage message)
        {
            if (!byTransport.TryGetValue(transport, out var part))
            {
                byTransport[transport] = part = [];
            }

            part.Add(message);
        }
    }

    public Task ConsumeAsync(QueueDefinition queue, int concurrency, int batchSize, MessageBatchHandler handler, CancellationToken cancellationToken) =>
        For(queue.Name).ConsumeAsync(queue, concurrency, batchSize, handler, cancellationToken);

    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken)
    {
        var healthy = await Task.WhenAll(_transports.Values.Select(transport => transport.IsHealthyAsync(cancellationToken)));
        return healthy.All(ok => ok);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in _transports.Values)
        {
            switch (transport)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }
}
