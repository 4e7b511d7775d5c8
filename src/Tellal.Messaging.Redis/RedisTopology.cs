using StackExchange.Redis;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.Redis;

/// <summary>
/// One stream per queue routed to Redis and priority level (<c>prefix:queue:high|normal|low</c>), each with one consumer
/// group (<c>prefix.queue</c>), and one pub/sub channel per queue (<c>prefix:queue:wake</c>) that wakes its idle consumers.
/// A stream is read strictly in order, so a high-priority message could not overtake those already waiting in the same
/// stream; separate streams let a consumer read the higher levels first. A type published once is added once to every
/// subscribed queue's stream (the registry's route).
/// </summary>
internal sealed class RedisTopology(RedisOptions options, MessageRegistry registry, QueueRoutes routes)
{
    public static readonly MessagePriority[] HighestFirst = [MessagePriority.High, MessagePriority.Normal, MessagePriority.Low];

    public RedisKey Stream(string queue, MessagePriority priority) => $"{options.Prefix}:{queue}:{priority.ToString().ToLowerInvariant()}";

    public IReadOnlyList<RedisKey> Streams(string queue) => [.. HighestFirst.Select(p => Stream(queue, p))];

    public string Group(string queue) => $"{options.Prefix}.{queue}";

    public RedisChannel WakeChannel(string queue) => RedisChannel.Literal($"{options.Prefix}:{queue}:wake");

    /// <summary>The queues a message goes to: its destination, or every queue subscribed to its type.</summary>
    public IEnumerable<string> Destinations(OutgoingMessage message) =>
        message.Destination is { } queue ? [queue] : registry.Route(message.Envelope.Type);

    /// <summary>Creates the streams and their groups that do not exist yet; the groups start before the first entry, so nothing sent earlier is skipped.</summary>
    public async Task DeclareAsync(IDatabaseAsync db)
    {
        foreach (var queue in routes.QueuesOn(RedisOptions.TransportName))
        {
            foreach (var stream in Streams(queue.Name))
            {
                await CreateGroupAsync(db, stream, Group(queue.Name));
            }
        }
    }

    public static async Task CreateGroupAsync(IDatabaseAsync db, RedisKey stream, string group)
    {
        try
        {
            await db.StreamCreateConsumerGroupAsync(stream, group, StreamPosition.Beginning, createStream: true);
        }
        catch (RedisServerException exception) when (exception.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
            // Another node (or an earlier start) created it.
        }
    }
}
