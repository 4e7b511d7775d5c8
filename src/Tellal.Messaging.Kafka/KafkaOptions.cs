using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Messaging.Kafka;

/// <summary>Bound from <c>Tellal:Messaging:Kafka</c>; the brokers themselves come from <c>ConnectionStrings:kafka</c> (bootstrap servers).</summary>
public sealed record KafkaOptions
{
    public const string Section = "Tellal:Messaging:Kafka";
    public const string ConnectionName = "kafka";
    public const string TransportName = "kafka";

    [Description("Prefix of the topic and consumer group names, so several Tellal installations (or test runs) can share a cluster.")]
    [Required]
    [RegularExpression("^[a-z0-9-]{1,40}$")]
    public string Prefix { get; init; } = "tellal";

    [Description("Partitions of each topic the transport creates: the most consumers of one queue (all nodes together) that can work at once.")]
    [Range(1, 1000)]
    public int Partitions { get; init; } = 4;

    /// <summary>Replicas when <see cref="ReplicationFactor"/> is not set, on a cluster that has this many brokers or more.</summary>
    public const short PreferredReplicas = 3;

    [Description("Replicas of each topic the transport creates; not set: min(3, brokers in the cluster's metadata) at creation, so 3 on a three-broker cluster and 1 on a single broker.")]
    [Range(1, 10)]
    public short? ReplicationFactor { get; init; }

    /// <summary>
    /// The replicas a topic is created with on a cluster whose metadata lists <paramref name="brokers"/> brokers. Three
    /// copies survive one broker lost while another is down for maintenance; fewer brokers cannot hold more copies, and
    /// asking for them would fail the creation. The transport sets no <c>min.insync.replicas</c>: with <c>acks=all</c> the
    /// cluster's own setting decides how many copies a send waits for.
    /// </summary>
    public short ReplicasOn(int brokers) => ReplicationFactor ?? (short)Math.Clamp(brokers, 1, PreferredReplicas);

    [Description("How long a broker may hold a fetch that finds no new message before answering empty (fetch.wait.max.ms); a real broker answers as soon as one arrives.")]
    [Range(typeof(TimeSpan), "00:00:00.001", "00:00:05")]
    public TimeSpan FetchWait { get; init; } = TimeSpan.FromMilliseconds(100);

    [Description("How long the group waits for a silent consumer before giving its partitions to the others (a crashed node's messages wait this long).")]
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
