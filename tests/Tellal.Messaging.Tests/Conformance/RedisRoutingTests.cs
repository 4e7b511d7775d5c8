using Microsoft.Extensions.DependencyInjection;
using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Messaging.Transport.Streams;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Redis beside the Local transport (PostgreSQL for state): a routing rule sends <c>reports.*</c> to Redis, and the test
/// message is handled on such a queue and on a Local one. Each publish is split: the Local copy is a queue row written in
/// the publisher's transaction, the Redis copy an outbox row that the relay sends as a stream entry; neither transport
/// carries the other's copy.
/// </summary>
[Collection(RedisServer.Collection)]
public sealed class RedisRoutingTests : NodeTests
{
    private const string ReportsQueue = "reports.effects";
    private const int Messages = 50;
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(RedisServer.Settings(_prefix))
        {
            ["Tellal:Messaging:Routing:Queues:reports.*"] = "redis",
            ["Test:AlsoQueue"] = ReportsQueue,
        };

    [Fact]
    public async Task A_queue_routed_to_Redis_and_a_Local_queue_each_handle_every_message_exactly_once()
    {
        var publisher = await StartNodeAsync(("Test:Consume", "false"));
        for (var transaction = 0; transaction < 5; transaction++)
        {
            await PublishAsync(publisher, Enumerable.Range(0, Messages / 5).Select(i => new RecordEffect($"t{transaction}-{i}")));
        }

        // Nothing consumes yet: the Local copies wait in the queue table, the Redis copies in the queue's normal stream.
        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_outbox") == 0, "every copy is sent");
        Assert.Equal(Messages, await Database.ScalarAsync<long>("SELECT COUNT(*) FROM msg_local_queue"));
        Assert.Equal(Messages, await Database.ScalarAsync<long>($"SELECT COUNT(*) FROM msg_local_queue WHERE queue = '{TestModel.Queue}'"));
        var view = publisher.Services.GetRequiredService<StreamsView>();
        var streams = await view.DescribeAsync(CancellationToken.None);
        Assert.Equal(["local", "redis"], streams.Select(s => s.Transport));
        var redisQueue = Assert.Single(streams[1].Queues);
        Assert.Equal(new QueueDepth(ReportsQueue, Messages, 0), redisQueue with { OldestWaitingSince = null });
        Assert.InRange(redisQueue.OldestWaitingSince!.Value, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddSeconds(1));

        await StartNodeAsync(("Test:NodeName", "consumer"));

        await Eventually.HoldsAsync(async () => await Database.ScalarAsync<long>("SELECT COUNT(*) FROM test_effects") >= 2 * Messages, "both queues handle every message");
        var effects = await Database.RowsAsync("""SELECT "Queue", COUNT(DISTINCT "Key"), COUNT(*) FROM test_effects GROUP BY "Queue" ORDER BY "Queue" """);
        Assert.Equal([(ReportsQueue, Messages, Messages), (TestModel.Queue, Messages, Messages)], effects.Select(row =>
            ((string)row[0]!, Convert.ToInt32(row[1], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(row[2], System.Globalization.CultureInfo.InvariantCulture))));
        // Acknowledged entries are deleted: the streams end empty.
        await Eventually.HoldsAsync(async () => (await view.DescribeAsync(CancellationToken.None))[1].Queues[0] == new QueueDepth(ReportsQueue, 0, 0),
            "every Redis entry is acknowledged and deleted");
    }
}
