using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Tellal.Integration.Tests.Infrastructure;

/// <summary>A real SignalR client on /hubs/notifications, collecting the popups it receives.</summary>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private NotificationListener(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>("notification", popup => Received.Enqueue(popup));
    }

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    public static async Task<NotificationListener> ConnectAsync(TellalApp app, HttpClient signedIn)
    {
        var connection = HubClient.Build(app.Server.BaseAddress, "/hubs/notifications", HubClient.TokenOf(signedIn), app.Server.CreateHandler);
        var listener = new NotificationListener(connection);
        await connection.StartAsync();
        return listener;
    }

    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null) =>
        HubClient.WaitForAsync(Received, match, timeout, "The expected popup did not arrive.");

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
