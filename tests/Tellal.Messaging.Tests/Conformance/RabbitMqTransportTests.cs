using Tellal.Platform.Storage;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Conformance;

/// <summary>
/// Distributed mode: PostgreSQL for state, outbox and inbox; RabbitMQ between the nodes. Each test gets its own
/// exchange and queue names on the shared test broker.
/// </summary>
public sealed class RabbitMqTransportTests : TransportConformanceTests
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}"[..20];

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override IReadOnlyDictionary<string, string?> TransportSettings => new Dictionary<string, string?>
    {
        ["ConnectionStrings:rabbitmq"] = TestEnvironment.RabbitMq,
        ["Tellal:Messaging:RabbitMq:Prefix"] = _prefix,
    };
}
