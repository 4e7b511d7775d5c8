using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Integration.Tests.Infrastructure;

namespace Tellal.Integration.Tests.Chat;

/// <summary>
/// A chat client as the page is one: a SignalR connection on /hubs/chat collecting <c>chat</c> and <c>presence</c> events, and the catch-up
/// a client does after reconnecting (rooms whose newest message it has not seen, then the messages after its newest).
/// </summary>
public sealed class ChatListener : IAsyncDisposable
{
    private readonly HubConnection _connection;

    private ChatListener(HubConnection connection)
    {
        _connection = connection;
        connection.On<JsonElement>("chat", message =>
        {
            Arrivals.TryAdd(message.GetProperty("id").GetInt64(), Stopwatch.GetTimestamp());
            Received.Enqueue(message);
        });
        connection.On<JsonElement>("presence", change => Presence.Enqueue(change));
    }

    public ConcurrentQueue<JsonElement> Received { get; } = new();

    /// <summary>Presence changes pushed by the hub, in arrival order.</summary>
    public ConcurrentQueue<JsonElement> Presence { get; } = new();

    /// <summary>When each message (by id) arrived, in <see cref="Stopwatch"/> ticks, for latency measurements.</summary>
    public ConcurrentDictionary<long, long> Arrivals { get; } = new();

    /// <summary>Through the in-memory test server (long polling), or through a real address when <paramref name="baseAddress"/> is given.</summary>
    public static async Task<ChatListener> ConnectAsync(Uri baseAddress, string token, Func<HttpMessageHandler>? handler = null)
    {
        var connection = HubClient.Build(baseAddress, "/hubs/chat", token, handler);
        var listener = new ChatListener(connection);
        await connection.StartAsync();
        return listener;
    }

    public Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, TimeSpan? timeout = null) =>
        HubClient.WaitForAsync(Received, match, timeout, "The expected chat message did not arrive.");

    /// <summary>Waits for the hub to push that <paramref name="userName"/> went online (or offline).</summary>
    public Task<JsonElement> WaitForPresenceAsync(string userName, bool online, TimeSpan? timeout = null) =>
        HubClient.WaitForAsync(Presence, p => p.GetProperty("userName").GetString() == userName && p.GetProperty("online").GetBoolean() == online,
            timeout, $"No presence event said {userName} went {(online ? "online" : "offline")}.");

    /// <summary>What a reconnecting client fetches: every message after the newest it has, in every room that has more.</summary>
    public static async Task<List<JsonElement>> CatchUpAsync(HttpClient client, IReadOnlyDictionary<Guid, long> newestSeen)
    {
        var missed = new List<JsonElement>();
        foreach (var room in (await client.GetFromJsonAsync<JsonElement>("/api/chat/rooms")).EnumerateArray())
        {
            var id = room.GetProperty("id").GetGuid();
            var seen = newestSeen.GetValueOrDefault(id);
            if (room.GetProperty("lastMessageId") is { ValueKind: JsonValueKind.Number } last && last.GetInt64() > seen)
            {
                bool more;
                do
                {
                    var page = await client.GetFromJsonAsync<JsonElement>($"/api/chat/rooms/{id}/messages?after={seen}");
                    foreach (var message in page.GetProperty("items").EnumerateArray())
                    {
                        missed.Add(message);
                        seen = message.GetProperty("id").GetInt64();
                    }

                    more = page.GetProperty("hasMore").GetBoolean();
                }
                while (more);
            }
        }

        return missed;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
