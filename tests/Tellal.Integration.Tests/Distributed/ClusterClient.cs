using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// What the back office's JavaScript does, without a browser, all through Nginx: a bearer-token HTTP client and a
/// WebSocket on the notification hub (no negotiate round trip, so no sticky sessions needed). When the hub
/// reconnects, it fetches what it missed from the inbox (<c>GET /api/notifications?since=</c>), as the UI does.
/// </summary>
public sealed class ClusterClient : IAsyncDisposable
{
    private const int MaxSubmitAttempts = 10;

    private readonly HubConnection _hub;
    private DateTimeOffset _lastSeen = DateTimeOffset.MinValue;

    private ClusterClient(HttpClient http, HubConnection hub)
    {
        Http = http;
        _hub = hub;
        hub.On<JsonElement>("notification", popup => Seen(popup, Live));
        hub.Reconnected += async _ => await CatchUpAsync();
    }

    public HttpClient Http { get; }

    /// <summary>Popups pushed over the hub, in arrival order (duplicates kept: tests count them).</summary>
    public ConcurrentQueue<JsonElement> Live { get; } = new();

    /// <summary>Notifications the inbox returned after a reconnect that the hub had not delivered.</summary>
    public ConcurrentQueue<JsonElement> CaughtUp { get; } = new();

    public int Reconnections { get; private set; }

    public HubConnectionState State => _hub.State;

    public static async Task<ClusterClient> ConnectAsync(Uri nginx, string userName, string password)
    {
        var http = await TellalProcess.SignInAsync(nginx, userName, password);
        var token = http.DefaultRequestHeaders.Authorization!.Parameter;
        var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(nginx, "/hubs/notifications"), options =>
            {
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
                options.AccessTokenProvider = () => Task.FromResult(token);
            })
            .WithAutomaticReconnect(new EverySecond())
            .Build();
        var client = new ClusterClient(http, hub);
        await hub.StartAsync();
        return client;
    }

    /// <summary>Every notification this client has received about these reports, live or caught up.</summary>
    public IEnumerable<JsonElement> About(IReadOnlyCollection<Guid> reportIds) =>
        Live.Concat(CaughtUp).Where(n => n.GetProperty("reportId").ValueKind == JsonValueKind.String && reportIds.Contains(n.GetProperty("reportId").GetGuid()));

    /// <summary>
    /// As a careful client does: one Idempotency-Key per report, and the same request sent again after a 503 (the
    /// database too busy for a moment, which a box at high load does produce) once its Retry-After has passed. The
    /// drills count each report's outcomes, so a resend that made a second report would fail them.
    /// </summary>
    public async Task<Guid> SubmitAsync(string reportType = "top-reviewed-games")
    {
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/reports") { Content = JsonContent.Create(new { reportType, format = "csv" }) };
            request.Headers.Add("Idempotency-Key", key);
            using var response = await Http.SendAsync(request);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxSubmitAttempts)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Accepted,
                $"submit answered {(int)response.StatusCode} (attempt {attempt}): {await response.Content.ReadAsStringAsync()}");
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        Http.Dispose();
    }

    private async Task CatchUpAsync()
    {
        Reconnections++;
        var since = Uri.EscapeDataString(_lastSeen.ToString("O"));
        var inbox = await InboxSinceAsync(since);
        var known = Live.Concat(CaughtUp).Select(n => n.GetProperty("id").GetGuid()).ToHashSet();
        foreach (var item in inbox.GetProperty("items").EnumerateArray().Reverse().Where(item => !known.Contains(item.GetProperty("id").GetGuid())))
        {
            Seen(item, CaughtUp);
        }
    }

    /// <summary>
    /// The hub may be back before every path to the API is: a keep-alive connection to Nginx can still be served by a
    /// worker with the previous upstream list, which answers 502. A client that gives up there would never catch up.
    /// </summary>
    private async Task<JsonElement> InboxSinceAsync(string since)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Http.GetFromJsonAsync<JsonElement>($"/api/notifications?since={since}&limit=500");
            }
            catch (HttpRequestException) when (attempt < 30)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private void Seen(JsonElement notification, ConcurrentQueue<JsonElement> into)
    {
        into.Enqueue(notification);
        var createdAt = notification.GetProperty("createdAt").GetDateTimeOffset();
        if (createdAt > _lastSeen)
        {
            _lastSeen = createdAt;
        }
    }

    /// <summary>Try again every second, forever: the drills decide when a node comes back.</summary>
    private sealed class EverySecond : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromSeconds(1);
    }
}
