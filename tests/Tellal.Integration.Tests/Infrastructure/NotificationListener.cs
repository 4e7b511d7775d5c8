using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
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
        var token = signedIn.DefaultRequestHeaders.Authorization?.Parameter ?? throw new InvalidOperationException("Not signed in.");
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(app.Server.BaseAddress, "/hubs/notifications"), options =>
            {
                options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
                options.Transports = HttpTransportType.LongPolling;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        var listener = new NotificationListener(connection);
        await connection.StartAsync();
        return listener;
    }

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var found = Received.FirstOrDefault(match);
            if (found.ValueKind != JsonValueKind.Undefined)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The expected popup did not arrive.");
            await Task.Delay(50);
        }
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
