using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Tellal.Messaging.Registration;

namespace Tellal.Messaging.Transport.Routing;

/// <summary>
/// Which transport each queue travels over, from the routing rules (<see cref="RoutingOptions"/>) and the transports this
/// process has configured. The same on every node, since every node registers every queue and reads the same settings.
/// </summary>
public sealed class QueueRoutes
{
    private readonly MessageRegistry _registry;
    private readonly Dictionary<string, string> _byQueue;

    public QueueRoutes(MessageRegistry registry, IEnumerable<TransportRegistration> transports, IOptions<MessagingOptions> options)
    {
        _registry = registry;
        var registered = transports.ToList();
        var configured = registered.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var chosen = options.Value.Transport;
        Primary = chosen == MessagingOptions.AutomaticTransport ? registered.Last(t => t.Primary).Name
            : configured.Contains(chosen) ? chosen
            : throw new InvalidOperationException(
                $"Tellal:Messaging:Transport is '{chosen}', which this node has not configured: set ConnectionStrings:{chosen}.");
        var rules = options.Value.Routing.Queues
            .Select(rule => (rule.Key, Transport: rule.Value == "primary" ? Primary : rule.Value))
            .Where(rule => configured.Contains(rule.Transport))
            .OrderByDescending(rule => rule.Key.Length).ThenBy(rule => rule.Key, StringComparer.Ordinal)
            .Select(rule => (Pattern: Compile(rule.Key), rule.Transport))
            .ToList();
        _byQueue = registry.Queues.ToDictionary(queue => queue.Name,
            queue => rules.FirstOrDefault(rule => rule.Pattern.IsMatch(queue.Name)).Transport ?? Primary, StringComparer.Ordinal);
        InUse = [.. _byQueue.Values.Prepend(Primary).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The transport of every queue no rule sends elsewhere.</summary>
    public string Primary { get; }

    /// <summary>
    /// The transports some queue travels over, the primary first and always: a message for no queue, or for a queue that is no
    /// longer registered (an old dead letter replayed), goes there.
    /// </summary>
    public IReadOnlyList<string> InUse { get; }

    /// <summary>Every registered queue and its transport.</summary>
    public IReadOnlyDictionary<string, string> ByQueue => _byQueue;

    public string TransportOf(string queue) => _byQueue.GetValueOrDefault(queue, Primary);

    /// <summary>The queues a transport carries: what it declares and binds.</summary>
    public IEnumerable<QueueDefinition> QueuesOn(string transport) => _registry.Queues.Where(queue => TransportOf(queue.Name) == transport);

    private static Regex Compile(string pattern) =>
        new($"^{Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal)}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
}
