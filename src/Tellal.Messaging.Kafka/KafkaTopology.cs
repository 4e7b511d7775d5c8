using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Tellal.Messaging.Envelopes;
using Tellal.Messaging.Registration;
using Tellal.Messaging.Transport.Routing;

namespace Tellal.Messaging.Kafka;

/// <summary>
/// One topic per queue routed to Kafka and priority level (<c>prefix.queue.high|normal|low</c>), and one consumer group per queue
/// (<c>prefix.queue</c>) subscribed to the three. Kafka has no priorities and a partition is read strictly in order,
/// so a high-priority message could never overtake the ones already waiting in the same topic; separate topics let a
/// consumer read the higher levels first (see <see cref="PriorityBuffer"/>). A type published once is produced once to
/// every subscribed queue's topic (the registry's route): Kafka topics are not bound to types as RabbitMQ queues are.
/// </summary>
internal sealed class KafkaTopology(KafkaOptions options, MessageRegistry registry, QueueRoutes routes)
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
    public async Task DeclareAsync(IAdminClient admin, ILogger logger, CancellationToken cancellationToken)
    {
        var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
        var existing = metadata.Topics
            .Where(t => t.Error.Code == ErrorCode.NoError).Select(t => t.Topic).ToHashSet(StringComparer.Ordinal);
        var replicas = options.ReplicasOn(metadata.Brokers.Count);
        var missing = routes.QueuesOn(KafkaOptions.TransportName).SelectMany(q => Topics(q.Name)).Where(t => !existing.Contains(t))
            .Select(t => new TopicSpecification { Name = t, NumPartitions = options.Partitions, ReplicationFactor = replicas })
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
        catch (KafkaException exception) when (exception.Error.Code is ErrorCode.Local_UnsupportedFeature or ErrorCode.ClusterAuthorizationFailed)
        {
            AskForAutoCreation(admin, missing, replicas, exception, logger);
        }
    }

    /// <summary>
    /// A cluster that refuses CreateTopics (librdkafka's mock cluster answers no admin request; an account may lack the right)
    /// may still create a topic the first time a client asks for it (<c>auto.create.topics.enable</c>), with its own partition
    /// count and replication factor: the mock gives 4 partitions and min(3, brokers) replicas.
    /// </summary>
    private void AskForAutoCreation(IAdminClient admin, List<TopicSpecification> missing, short replicas, KafkaException refusal, ILogger logger)
    {
        logger.LogWarning("The Kafka cluster refused to create {Count} topic(s) ({Reason}); asking for them by name so it creates them itself",
            missing.Count, refusal.Error.Reason);
        foreach (var wanted in missing)
        {
            var topic = admin.GetMetadata(wanted.Name, TimeSpan.FromSeconds(10)).Topics.Single();
            if (topic.Error.Code != ErrorCode.NoError)
            {
                throw new InvalidOperationException(
                    $"Topic '{wanted.Name}' does not exist and the cluster neither creates it on request nor automatically ({topic.Error.Reason}): "
                    + $"create it with {options.Partitions} partition(s) and replication factor {replicas}.", refusal);
            }

            if (topic.Partitions.Count != options.Partitions || topic.Partitions.Any(p => p.Replicas.Length != replicas))
            {
                logger.LogWarning("Topic {Topic} was created by the cluster with {Partitions} partition(s) and {Replicas} replica(s), not {Wanted} and {WantedReplicas}",
                    wanted.Name, topic.Partitions.Count, topic.Partitions.Min(p => p.Replicas.Length), options.Partitions, replicas);
            }
        }
    }
}
