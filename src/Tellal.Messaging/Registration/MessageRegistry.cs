using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Envelopes;

namespace Tellal.Messaging.Registration;

/// <summary>
/// Queues, handlers and message types known to this process. Every node registers every module, so routing
/// (which queues receive a type) is the same on every node whichever roles it runs.
/// </summary>
public sealed class MessageRegistry
{
    private readonly Dictionary<string, QueueDefinition> _queues = new(StringComparer.Ordinal);
    private readonly List<HandlerRegistration> _handlers = [];
    // Looked up for every message published and every message handled: kept by key as handlers are added (at start-up).
    private readonly Dictionary<(string Queue, string TypeName), HandlerRegistration> _byQueueAndType = [];
    private readonly Dictionary<string, List<string>> _routes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _types = new(StringComparer.Ordinal);

    public IReadOnlyCollection<QueueDefinition> Queues => _queues.Values;

    public IReadOnlyList<HandlerRegistration> Handlers => _handlers;

    // Every publish names its type: reading the attribute each time showed in CPU profiles (an attribute instance per call).
    private static readonly ConcurrentDictionary<Type, string> TypeNames = new();

    public static string TypeNameOf(Type messageType) =>
        TypeNames.TryGetValue(messageType, out var name) ? name : TypeNames.GetOrAdd(messageType,
            type => type.GetCustomAttribute<MessageTypeAttribute>()?.Name
                ?? throw new InvalidOperationException($"{type.FullName} has no [MessageType] attribute."));

    public QueueDefinition Queue(string name) =>
        _queues.TryGetValue(name, out var queue) ? queue : throw new InvalidOperationException($"Unknown queue '{name}'.");

    /// <summary>The queues a message of this type is delivered to (one copy each).</summary>
    public IReadOnlyList<string> Route(string typeName) => _routes.TryGetValue(typeName, out var queues) ? queues : [];

    public HandlerRegistration? Handler(string queue, string typeName) => _byQueueAndType.GetValueOrDefault((queue, typeName));

    public Type? ClrType(string typeName) => _types.GetValueOrDefault(typeName);

    internal void AddQueue(QueueDefinition queue)
    {
        if (!_queues.TryAdd(queue.Name, queue) && _queues[queue.Name] != queue)
        {
            throw new InvalidOperationException($"Queue '{queue.Name}' is defined twice with different settings.");
        }
    }

    internal void AddHandler(HandlerRegistration handler)
    {
        Queue(handler.Queue);
        if (_types.TryGetValue(handler.TypeName, out var existing) && existing != handler.MessageType)
        {
            throw new InvalidOperationException($"Message type name '{handler.TypeName}' is used by {existing} and {handler.MessageType}.");
        }

        if (!_byQueueAndType.TryAdd((handler.Queue, handler.TypeName), handler))
        {
            throw new InvalidOperationException($"Queue '{handler.Queue}' already has a handler for '{handler.TypeName}'.");
        }

        _types[handler.TypeName] = handler.MessageType;
        _handlers.Add(handler);
        (_routes.TryGetValue(handler.TypeName, out var queues) ? queues : _routes[handler.TypeName] = []).Add(handler.Queue);
    }
}

/// <summary>A handler bound to a queue, with a delegate that resolves and calls it without reflection per message.</summary>
public sealed record HandlerRegistration(string Queue, Type MessageType, string TypeName, Type HandlerType,
    Func<IServiceProvider, object, MessageContext, CancellationToken, Task> Invoke,
    Func<IServiceProvider, object, MessageContext, string, CancellationToken, Task>? OnFinalFailure,
    Func<IServiceProvider, object, CancellationToken, Task>? OnReplay)
{
    /// <summary>Set for an <see cref="IBatchMessageHandler{TMessage}"/>: all of a batch's messages of the type in one call.</summary>
    public Func<IServiceProvider, IReadOnlyList<object>, CancellationToken, Task>? InvokeBatch { get; init; }

    internal static HandlerRegistration CreateBatch<TMessage, THandler>(string queue)
        where TMessage : class
        where THandler : class, IBatchMessageHandler<TMessage>
    {
        Func<IServiceProvider, IReadOnlyList<object>, CancellationToken, Task> batch = (services, messages, ct) =>
            services.GetRequiredService<THandler>().HandleAsync(messages.Cast<TMessage>().ToList(), ct);
        return new HandlerRegistration(queue, typeof(TMessage), MessageRegistry.TypeNameOf(typeof(TMessage)), typeof(THandler),
            (services, message, _, ct) => batch(services, [message], ct), null, null) { InvokeBatch = batch };
    }

    internal static HandlerRegistration Create<TMessage, THandler>(string queue)
        where TMessage : class
        where THandler : class, IMessageHandler<TMessage> =>
        new(queue, typeof(TMessage), MessageRegistry.TypeNameOf(typeof(TMessage)), typeof(THandler),
            (services, message, context, ct) =>
                services.GetRequiredService<THandler>().HandleAsync((TMessage)message, context, ct),
            typeof(IFinalFailureHandler<TMessage>).IsAssignableFrom(typeof(THandler))
                ? (services, message, context, reason, ct) =>
                    ((IFinalFailureHandler<TMessage>)services.GetRequiredService<THandler>()).OnFinalFailureAsync((TMessage)message, context, reason, ct)
                : null,
            typeof(IFinalFailureHandler<TMessage>).IsAssignableFrom(typeof(THandler))
                ? (services, message, ct) =>
                    ((IFinalFailureHandler<TMessage>)services.GetRequiredService<THandler>()).OnReplayAsync((TMessage)message, ct)
                : null);
}
