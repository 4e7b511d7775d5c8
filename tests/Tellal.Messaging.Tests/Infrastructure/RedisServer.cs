using StackExchange.Redis;
using Tellal.Testing;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// The test Redis server started by eng/services.sh (AOF on, <c>appendfsync always</c>). Each test uses streams of its own
/// (a prefix); the tests that use it share one collection, so a drill that kills the server never runs beside another.
/// </summary>
public static class RedisServer
{
    public const string Collection = "redis-server";

    private static readonly Lazy<ConnectionMultiplexer> Inspector = new(() =>
    {
        var options = ConfigurationOptions.Parse(TestEnvironment.Redis);
        options.AbortOnConnectFail = false;
        return ConnectionMultiplexer.Connect(options);
    });

    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..20];

    /// <summary>Settings of a node on this server with this prefix: a consumer that stops renewing loses its messages after 2 s.</summary>
    public static Dictionary<string, string?> Settings(string prefix) => new()
    {
        ["ConnectionStrings:redis"] = TestEnvironment.Redis,
        ["Tellal:Messaging:Redis:Prefix"] = prefix,
        ["Tellal:Messaging:Redis:ClaimAfter"] = "00:00:02",
        ["Tellal:Messaging:Redis:PollInterval"] = "00:00:00.200",
    };

    /// <summary>Entries of the queue's streams held unacknowledged by the consumers of <paramref name="node"/> (null: of any node).</summary>
    public static async Task<long> HeldByAsync(string prefix, string queue, string? node)
    {
        var db = Inspector.Value.GetDatabase();
        long held = 0;
        foreach (var level in new[] { "high", "normal", "low" })
        {
            var consumers = await db.StreamConsumerInfoAsync($"{prefix}:{queue}:{level}", $"{prefix}.{queue}");
            held += consumers.Where(c => node is null || c.Name.StartsWith(node + "/", StringComparison.Ordinal)).Sum(c => c.PendingMessageCount);
        }

        return held;
    }
}
