using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>The settings that put a distributed drill on a transport: none for the Local transport; for Kafka, the test cluster.</summary>
public static class DrillTransport
{
    public static IReadOnlyDictionary<string, string> Settings(string transport) => transport switch
    {
        "local" => new Dictionary<string, string>(),
        // Topics of their own (the prefix) so the run neither reads nor trips over another test's messages. The mock
        // refuses CreateTopics; the nodes then ask for the topics by name and it creates them with 4 partitions and, on its
        // three brokers, the 3 replicas an unset replication factor means.
        "kafka" => new Dictionary<string, string>
        {
            ["ConnectionStrings__kafka"] = TestEnvironment.Kafka,
            ["Tellal__Messaging__Kafka__Prefix"] = $"drill-{Guid.NewGuid():N}"[..22],
            ["Tellal__Messaging__Kafka__Partitions"] = "4",
        },
        _ => throw new ArgumentOutOfRangeException(nameof(transport), transport, "local or kafka"),
    };
}
