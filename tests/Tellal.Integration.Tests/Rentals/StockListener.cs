using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Integration.Tests.Infrastructure;

namespace Tellal.Integration.Tests.Rentals;

/// <summary>A stock page as the hub sees it: a SignalR connection on /hubs/stock collecting every <c>stock</c> push (one array of changes each).</summary>
public sealed class StockListener : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private StockListener(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>("stock", changes => Pushes.Enqueue([.. changes.EnumerateArray()]));
    }

    /// <summary>Every push, in arrival order.</summary>
    public ConcurrentQueue<IReadOnlyList<JsonElement>> Pushes { get; } = new();

    /// <summary>Every change of <paramref name="gameId"/> pushed so far, in arrival order.</summary>
    public List<JsonElement> ChangesOf(long gameId) => [.. Pushes.SelectMany(p => p).Where(c => c.GetProperty("gameId").GetInt64() == gameId)];

    /// <summary>The pushed reading of <paramref name="gameId"/> with the highest version, as the page keeps it.</summary>
    public (int Total, int Reserved, int Available, long Version)? Newest(long gameId) =>
        ChangesOf(gameId).Select(c => (c.GetProperty("total").GetInt32(), c.GetProperty("reserved").GetInt32(), c.GetProperty("available").GetInt32(),
            c.GetProperty("version").GetInt64())).OrderBy(c => c.Item4).Cast<(int, int, int, long)?>().LastOrDefault();

    /// <summary>Through the in-memory test server (long polling) when <paramref name="handler"/> is given, else over WebSockets.</summary>
    public static async Task<StockListener> ConnectAsync(Uri baseAddress, string token, Func<HttpMessageHandler>? handler = null)
    {
        var connection = HubClient.Build(baseAddress, "/hubs/stock", token, handler);
        var listener = new StockListener(connection);
        await connection.StartAsync();
        return listener;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
