using Tellal.Testing;

namespace Tellal.Browser.Tests.Infrastructure;

/// <summary>
/// A second node whose hub refuses WebSockets (<c>Tellal:Notifications:Hub:Transports</c>): its negotiate answer
/// offers only Server-Sent Events and long polling, as a page behind a proxy that blocks WebSockets experiences it.
/// </summary>
public sealed class NoWebSocketsNode : IAsyncLifetime
{
    public static readonly string AdminPassword = TestPasswords.New();

    private readonly TempDirectory _data = new();

    public TellalProcess Node { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Node = TellalProcess.Start(_data.Path, new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            ["Tellal__Notifications__Hub__Transports"] = "ServerSentEvents,LongPolling",
        });
        await Node.WaitUntilReadyAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Node is not null)
        {
            await Node.DisposeAsync();
        }

        _data.Dispose();
    }
}
