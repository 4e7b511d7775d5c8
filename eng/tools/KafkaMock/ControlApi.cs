using Microsoft.AspNetCore.Mvc;

namespace KafkaMock;

/// <summary>
/// What tests and drills ask of the cluster from outside, over loopback HTTP (curl works):
/// <list type="bullet">
/// <item><c>GET /bootstrap</c>: the bootstrap servers;</item>
/// <item><c>PUT /topics/{name}?partitions=N&amp;replication-factor=R</c>: creates a topic (the mock answers no CreateTopics
/// request; 201, or 409 when it exists);</item>
/// <item><c>PUT /brokers/{id}/down</c> and <c>/up</c>: takes a broker down or brings it back (ids 1 to the broker count);</item>
/// <item><c>PUT /topics/{name}/partitions/{p}/leader/{id}</c>: moves a partition's leadership to a broker (204; 404 when the
/// topic or partition does not exist).</item>
/// </list>
/// </summary>
internal static class ControlApi
{
    private const int TopicAlreadyExists = 36;

    public static void Map(WebApplication app, MockCluster cluster)
    {
        app.MapGet("/bootstrap", () => cluster.BootstrapServers);
        app.MapPut("/topics/{topic}", (string topic, int partitions, [FromQuery(Name = "replication-factor")] int? replicationFactor) =>
            CreateTopic(cluster, topic, partitions, replicationFactor ?? 1));
        app.MapPut("/brokers/{id:int}/down", (int id) => SetBroker(cluster, id, up: false));
        app.MapPut("/brokers/{id:int}/up", (int id) => SetBroker(cluster, id, up: true));
        app.MapPut("/topics/{topic}/partitions/{partition:int}/leader/{id:int}", (string topic, int partition, int id) =>
            SetLeader(cluster, topic, partition, id));
    }

    private static IResult SetLeader(MockCluster cluster, string topic, int partition, int id)
    {
        if (id < 1 || id > cluster.Brokers)
        {
            return Results.BadRequest($"broker ids run from 1 to {cluster.Brokers}");
        }

        // Checked first: the mock would create a topic it does not know instead of refusing.
        if (cluster.PartitionsOf(topic) is not { } partitions || partition < 0 || partition >= partitions)
        {
            return Results.NotFound($"{topic} has no partition {partition}");
        }

        var error = cluster.SetLeader(topic, partition, id);
        return error == 0 ? Results.NoContent() : Results.Problem($"librdkafka error {error}");
    }

    private static IResult CreateTopic(MockCluster cluster, string topic, int partitions, int replicationFactor)
    {
        if (partitions < 1 || replicationFactor < 1 || replicationFactor > cluster.Brokers)
        {
            return Results.BadRequest($"partitions must be at least 1 and replication-factor between 1 and {cluster.Brokers}");
        }

        return cluster.CreateTopic(topic, partitions, replicationFactor) switch
        {
            0 => Results.Text($"{topic}: {partitions} partition(s), {replicationFactor} replica(s)", statusCode: 201),
            TopicAlreadyExists => Results.Conflict($"{topic} exists"),
            var error => Results.Problem($"librdkafka error {error}"),
        };
    }

    private static IResult SetBroker(MockCluster cluster, int id, bool up)
    {
        if (id < 1 || id > cluster.Brokers)
        {
            return Results.BadRequest($"broker ids run from 1 to {cluster.Brokers}");
        }

        var error = cluster.SetBroker(id, up);
        return error == 0 ? Results.NoContent() : Results.Problem($"librdkafka error {error}");
    }
}
