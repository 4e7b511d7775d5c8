using Tellal.Messaging.Tests.Infrastructure;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Distributed mode on Redis Streams: PostgreSQL for state, outbox and inbox; the test Redis server between the nodes,
/// chosen as the primary transport (<c>Tellal:Messaging:Transport=redis</c>). Each test gets its own stream names.
/// </summary>
[Collection(RedisServer.Collection)]
public sealed class RedisTransportTests : TransportConformanceTests
{
    private readonly string _prefix = RedisServer.NewPrefix();

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings =>
        new Dictionary<string, string?>(RedisServer.Settings(_prefix)) { ["Tellal:Messaging:Transport"] = "redis" };
}
