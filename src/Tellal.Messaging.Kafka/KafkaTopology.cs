using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// One topic per queue and priority level (<c>prefix.queue.high|normal|low</c>), and one consumer group per queue
/// (<c>prefix.queue</c>) subscribed to the three. Kafka has no priorities and a partition is read strictly in order,
/// so a high-priority message could never overtake the ones already waiting in the same topic; separate topics let a
/// consumer read the higher levels first (see <see cref="PriorityBuffer"/>). A type published once is produced once to
/// every subscribed queue's topic (the registry's route): Kafka topics are not bound to types as RabbitMQ queues are.
/// </summary>
internal sealed class KafkaTopology(KafkaOptions options, MessageRegistry registry)
{
    private static readonly MessagePriority[] HighestFirst = [MessagePriority.High, MessagePriority.Normal, MessagePriority.Low];

    public static IReadOnlyList<string> TopicsOf(string prefix, string queue) => [.. HighestFirst.Select(p => TopicOf(prefix, queue, p))];

    public static string TopicOf(string prefix, string queue, MessagePriority priority) =>
        $"{prefix}.{queue}.{priority.ToString().ToLowerInvariant()}";

    public string Topic(string queue, MessagePriority priority) => TopicOf(options.Prefix, queue, priority);

    public IReadOnlyList<string> Topics(string queue) => TopicsOf(options.Prefix, queue);

    public string Group(string queue) => $"{options.Prefix}.{queue}";

    /// <summary>The topics a message goes to: its destination queue's, or every queue's subscribed to its type.</summary>
    public IEnumerable<string> Destinations(Transport.OutgoingMessage message) =>
        (message.Destination is { } queue ? [queue] : registry.Route(message.Envelope.Type))
        .Select(q => Topic(q, message.Envelope.Priority));

    /// <summary>Creates the topics that do not exist yet. Topics that exist are left as they are (partitions are not changed).</summary>
    public async Task DeclareAsync(IAdminClient admin, CancellationToken cancellationToken)
    {
        var existing = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics
            .Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var missing = registry.Queues.SelectMany(q => Topics(q.Name)).Where(t => !existing.Contains(t))
            .Select(t => new TopicSpecification { Name = t, NumPartitions = options.Partitions, ReplicationFactor = options.ReplicationFactor })
            .ToList();
        if (missing.Count == 0)
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            await admin.CreateTopicsAsync(missing);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // Another node created them first.
        }
    }
}
