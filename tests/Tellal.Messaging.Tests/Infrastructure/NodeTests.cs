using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tellal.Messaging.Outbox;
using Tellal.Messaging.TestNode;
using Tellal.Platform.Storage;

namespace Tellal.Messaging.Tests.Infrastructure;

/// <summary>
/// Tests that run test nodes (<see cref="TestNodeHost"/>) on a fresh database: in this process, stopped at the end of the
/// test, or as child processes (<see cref="ChildNode"/>) with <see cref="NodeSettings"/>. A derived class says which database
/// and which transport settings.
/// </summary>
public abstract class NodeTests : IAsyncLifetime
{
    private readonly List<IHost> _nodes = [];

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Settings that select and reach the transport under test.</summary>
    protected virtual IReadOnlyDictionary<string, string?> TransportSettings => new Dictionary<string, string?>();

    protected TestDatabase Database { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Database = await TestDatabase.CreateAsync(Provider);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.StopAsync();
            node.Dispose();
        }

        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Dictionary<string, string?> NodeSettings(params (string Key, string? Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(Database.Settings)
        {
            ["Tellal:Messaging:Local:Lease"] = "00:00:02",
            ["Tellal:Messaging:Local:PollInterval"] = "00:00:00.050",
            ["Tellal:Messaging:Relay:PollInterval"] = "00:00:00.100",
            ["Tellal:Messaging:Retry:MaxAttempts"] = "3",
            ["Tellal:Messaging:Retry:InitialDelay"] = "00:00:00.050",
            ["Tellal:Messaging:Retry:MaxDelay"] = "00:00:00.500",
        };
        foreach (var (key, value) in TransportSettings.Concat(overrides.Select(o => KeyValuePair.Create(o.Key, o.Value))))
        {
            settings[key] = value;
        }

        return settings;
    }

    protected async Task<IHost> StartNodeAsync(params (string Key, string? Value)[] overrides)
    {
        var node = TestNodeHost.Build(new ConfigurationBuilder().AddInMemoryCollection(NodeSettings(overrides)).Build());
        _nodes.Add(node);
        await node.StartAsync();
        return node;
    }

    protected static async Task PublishAsync(IHost node, IEnumerable<RecordEffect> messages, PublishOptions? options = null)
    {
        await using var scope = node.Services.CreateAsyncScope();
        var publisher = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
        foreach (var message in messages)
        {
            publisher.Publish(message, options);
        }

        await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
    }
}
