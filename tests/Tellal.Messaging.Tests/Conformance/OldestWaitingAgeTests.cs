using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.TestNode;
using Tellal.Messaging.Transport.Streams;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// The streams view's oldest waiting age (the operations view's figure and <c>tellal_queue_oldest_waiting_age_seconds</c>)
/// on the transports whose brokers do not give it over their own protocol: messages wait with nobody consuming, and the
/// view comes to say since when, a time that stays put while the age it gives grows; once a consumer has handled them,
/// the queue has no age.
/// </summary>
public abstract class OldestWaitingAgeTests : NodeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    /// <summary>Since when the test queue's oldest message waits, as this transport's part of the view says.</summary>
    protected abstract DateTimeOffset? OldestWaiting(TransportStreams transport);

    [Fact]
    public async Task A_waiting_message_shows_an_age_that_grows()
    {
        var node = await StartNodeAsync(("Test:Consume", "false"));
        var view = node.Services.GetRequiredService<StreamsView>();
        var before = DateTimeOffset.UtcNow;
        await PublishAsync(node, [new RecordEffect("waits-1"), new RecordEffect("waits-2")]);
        await SentAsync();
        DateTimeOffset? since = null;
        await Eventually.HoldsAsync(async () => (since = OldestWaiting(await TransportOfTestQueueAsync(view))) is not null,
            "the view says since when the test queue's oldest message waits", TimeSpan.FromSeconds(60));
        // Whole seconds on RabbitMQ, hence the second of slack before the publish.
        Assert.InRange(since!.Value, before.AddSeconds(-1), DateTimeOffset.UtcNow);

        var firstAge = DateTimeOffset.UtcNow - since.Value;
        await Eventually.HoldsAsync(async () => OldestWaiting(await TransportOfTestQueueAsync(view)) == since && DateTimeOffset.UtcNow - since.Value > firstAge + TimeSpan.FromSeconds(2),
            "the same message still waits, longer", TimeSpan.FromSeconds(60));

        await StartNodeAsync(("Test:NodeName", "consumer"));
        await Eventually.HoldsAsync(async () => OldestWaiting(await TransportOfTestQueueAsync(view)) is null,
            "once the messages are handled, the queue has no age", TimeSpan.FromSeconds(60));
    }

    /// <summary>Every message left the outbox: the transport has started and holds them.</summary>
    protected Task SentAsync() =>
        Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_outbox") == 0, "every message is sent");

    protected static async Task<TransportStreams> TransportOfTestQueueAsync(StreamsView view) =>
        (await view.DescribeAsync(CancellationToken.None)).Single(t => t.Queues.Any(q => q.Queue == TestModel.Queue) || t.Topics.Any(q => q.Queue == TestModel.Queue));
}

/// <summary>RabbitMQ: the head message's timestamp from the management API, sampled in the background.</summary>
public sealed class RabbitMqOldestWaitingAgeTests : OldestWaitingAgeTests
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..20];
    private string _management = TestEnvironment.RabbitMqManagement;

    protected override IReadOnlyDictionary<string, string?> TransportSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:rabbitmq"] = TestEnvironment.RabbitMq,
        ["Tellal:Messaging:RabbitMq:Prefix"] = _prefix,
        ["Tellal:Messaging:RabbitMq:ManagementUri"] = _management,
    };

    protected override DateTimeOffset? OldestWaiting(TransportStreams transport) => transport.Queues.Single(q => q.Queue == TestModel.Queue).OldestWaitingSince;

    /// <summary>A management API that does not answer costs the view its age, never its depths nor an error.</summary>
    [Fact]
    public async Task Without_the_management_API_the_view_still_gives_the_depth()
    {
        using var closed = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        closed.Start();
        _management = $"http://127.0.0.1:{((System.Net.IPEndPoint)closed.LocalEndpoint).Port}";
        closed.Stop();
        var node = await StartNodeAsync(("Test:Consume", "false"));
        await PublishAsync(node, [new RecordEffect("waits")]);
        await SentAsync();
        var view = node.Services.GetRequiredService<StreamsView>();

        await Eventually.HoldsAsync(async () => (await TransportOfTestQueueAsync(view)).Queues.Single().Waiting == 1, "the message waits in the view");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(new QueueDepth(TestModel.Queue, 1, null), (await TransportOfTestQueueAsync(view)).Queues.Single());
            await Task.Delay(500);
        }
    }
}

/// <summary>Kafka: the timestamp of the record at the group's committed offset, fetched in the background.</summary>
[Collection(KafkaCluster.Collection)]
public sealed class KafkaOldestWaitingAgeTests : OldestWaitingAgeTests
{
    private readonly string _prefix = KafkaCluster.NewPrefix();

    public KafkaOldestWaitingAgeTests() => KafkaCluster.CreateTopics(_prefix, TestModel.Queue);

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(KafkaCluster.Settings(_prefix)) { [$"Tellal:Messaging:Routing:Queues:{TestModel.Queue}"] = "kafka" };

    protected override DateTimeOffset? OldestWaiting(TransportStreams transport) =>
        transport.Topics.Where(t => t.Queue == TestModel.Queue).SelectMany(t => t.Partitions).Min(p => p.OldestWaitingSince);
}
