using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StackExchange.Redis;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Chat;

/// <summary>
/// Two web nodes behind Nginx on the test PostgreSQL, sharing Redis (SignalR's Redis backplane carries the pushes,
/// presence keys live there): a member connected to web B gets what is posted through web A, is seen online through
/// either node, and the cross-node latency is measured (and printed, never asserted: the machine is shared). The hub
/// connections go to a named node, not through Nginx, so each test knows which node holds which member.
/// </summary>
[Collection(ChatCluster.Collection)]
public sealed class ChatClusterTests(ChatCluster cluster, ITestOutputHelper output)
{
    private const int LatencySamples = 200;

    [Fact]
    public async Task A_message_posted_on_web_A_reaches_a_member_connected_to_web_B_and_presence_spans_the_nodes()
    {
        var (ayse, cem) = (await cluster.NewStaffAsync(cluster.WebA.BaseAddress), await cluster.NewStaffAsync(cluster.Nginx.Address));
        var room = await cluster.NewChannelAsync(ayse.Name, cem.Name);
        await using var cemOnB = await ChatListener.ConnectAsync(cluster.WebB.BaseAddress, cem.Token);

        await Eventually.HoldsAsync(async () => await ChatFlowTests.OnlineAsync(ayse.Client, room, cem.Name), "web A sees cem (on web B) online");
        await Eventually.HoldsAsync(async () => await ChatFlowTests.OnlineAsync(cem.Client, room, cem.Name), "either node, through Nginx, sees cem online");
        var posted = await ChatApp.PostAsync(ayse.Client, room, "Hello from web A @" + cem.Name);
        var pushed = await cemOnB.WaitForAsync(m => m.GetProperty("id").GetInt64() == posted.GetProperty("id").GetInt64());
        Assert.Equal(ayse.Name, pushed.GetProperty("author").GetString());
        Assert.Equal(1, (await ChatApp.RoomAsync(cem.Client, room)).GetProperty("unread").GetInt32());

        // The presence key carries a TTL: a node that dies leaves no one online for longer than that.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        var ttl = await redis.GetDatabase().KeyTimeToLiveAsync($"tellal:chat:presence:{cem.UserId:N}");
        Assert.InRange(ttl!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        await cemOnB.DisposeAsync();
        await Eventually.HoldsAsync(async () => !await ChatFlowTests.OnlineAsync(ayse.Client, room, cem.Name), "cem is offline once his connection closes");

        // While he is away two more are said; back (through Nginx, on whichever node) he fetches exactly those.
        var missed = new[] { (await ChatApp.PostAsync(ayse.Client, room, "while away 1")).GetProperty("id").GetInt64(),
            (await ChatApp.PostAsync(ayse.Client, room, "while away 2")).GetProperty("id").GetInt64() };
        var caughtUp = await ChatListener.CatchUpAsync(cem.Client, new Dictionary<Guid, long> { [room] = posted.GetProperty("id").GetInt64() });
        Assert.Equal(missed, caughtUp.Where(m => m.GetProperty("roomId").GetGuid() == room).Select(m => m.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task A_member_going_online_and_offline_on_web_B_is_pushed_to_a_member_on_web_A_without_asking()
    {
        var (ayse, cem) = (await cluster.NewStaffAsync(cluster.WebA.BaseAddress), await cluster.NewStaffAsync(cluster.WebB.BaseAddress));
        await using var ayseOnA = await ChatListener.ConnectAsync(cluster.WebA.BaseAddress, ayse.Token);

        // Only the hub's events: ayse never asks who is online.
        var cemOnB = await ChatListener.ConnectAsync(cluster.WebB.BaseAddress, cem.Token);
        var online = await ayseOnA.WaitForPresenceAsync(cem.Name, online: true);
        // A second tab of cem's (on web A this time) changes nothing: he is online already. The hub counts a connection
        // after its handshake, so the test waits until web A has counted it before the first tab closes.
        var cemAgainOnA = await ChatListener.ConnectAsync(cluster.WebA.BaseAddress, cem.Token);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(TestEnvironment.Redis);
        await Eventually.HoldsAsync(async () => await redis.GetDatabase().SortedSetLengthAsync($"tellal:chat:presence:{cem.UserId:N}") == 2,
            "both of cem's connections count");
        await cemOnB.DisposeAsync();
        await cemAgainOnA.DisposeAsync();
        var offline = await ayseOnA.WaitForPresenceAsync(cem.Name, online: false);
        Assert.True(offline.GetProperty("version").GetInt64() > online.GetProperty("version").GetInt64());
        Assert.Equal([true, false], ayseOnA.Presence.Where(p => p.GetProperty("userName").GetString() == cem.Name).Select(p => p.GetProperty("online").GetBoolean()));
    }

    [Fact]
    public async Task A_web_node_killed_with_members_connected_leaves_no_one_online_after_the_presence_ttl()
    {
        var (ayse, cem) = (await cluster.NewStaffAsync(cluster.WebA.BaseAddress), await cluster.NewStaffAsync(cluster.WebA.BaseAddress));
        var room = await cluster.NewChannelAsync(ayse.Name, cem.Name);
        await using var ayseOnA = await ChatListener.ConnectAsync(cluster.WebA.BaseAddress, ayse.Token);
        var cemOnB = await ChatListener.ConnectAsync(cluster.WebB.BaseAddress, cem.Token);
        await Eventually.HoldsAsync(async () => await ChatFlowTests.OnlineAsync(ayse.Client, room, cem.Name), "cem (on web B) is online");

        // SIGKILL: web B says goodbye to nobody; only the presence TTL can end cem's presence, and web A's sweep
        // announces it.
        await cluster.RestartWebBAsync(async () =>
        {
            await Eventually.HoldsAsync(async () => !await ChatFlowTests.OnlineAsync(ayse.Client, room, cem.Name),
                "cem is offline once web B's presence entries ran out", ChatCluster.PresenceTtl * 4);
            await ayseOnA.WaitForPresenceAsync(cem.Name, online: false, ChatCluster.PresenceTtl * 4);
            await cemOnB.DisposeAsync();
        });
    }

    [Fact]
    public async Task Cross_node_delivery_latency_over_200_messages()
    {
        var (ayse, cem) = (await cluster.NewStaffAsync(cluster.WebA.BaseAddress), await cluster.NewStaffAsync(cluster.Nginx.Address));
        var room = await cluster.NewChannelAsync(ayse.Name, cem.Name);
        await using var cemOnB = await ChatListener.ConnectAsync(cluster.WebB.BaseAddress, cem.Token);
        // Warm both paths (connections, JIT) before measuring.
        var warm = await ChatApp.PostAsync(ayse.Client, room, "warm-up");
        await cemOnB.WaitForAsync(m => m.GetProperty("id").GetInt64() == warm.GetProperty("id").GetInt64());

        var sent = new List<(long Id, long At, double AnsweredMs)>();
        for (var i = 0; i < LatencySamples; i++)
        {
            var at = Stopwatch.GetTimestamp();
            var posted = await ChatApp.PostAsync(ayse.Client, room, $"sample {i}");
            sent.Add((posted.GetProperty("id").GetInt64(), at, Stopwatch.GetElapsedTime(at).TotalMilliseconds));
        }

        await Eventually.HoldsAsync(() => Task.FromResult(sent.All(s => cemOnB.Arrivals.ContainsKey(s.Id))), "every sample arrived on web B", TimeSpan.FromSeconds(60));
        var latencies = sent.Select(s => Stopwatch.GetElapsedTime(s.At, cemOnB.Arrivals[s.Id]).TotalMilliseconds).Order().ToList();
        Assert.Equal(sent.Select(s => s.Id), cemOnB.Received.Select(m => m.GetProperty("id").GetInt64()).Where(id => id != warm.GetProperty("id").GetInt64()));
        // The POST's own round trip (validation, the transaction, the push to Redis, the answer) for comparison.
        var answered = sent.Select(s => s.AnsweredMs).Order().ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chat cross-node latency (POST on web A -> chat event on web B), n={latencies.Count}: p50 {Percentile(latencies, 50):F1} ms, p95 {Percentile(latencies, 95):F1} ms, p99 {Percentile(latencies, 99):F1} ms, max {latencies[^1]:F1} ms; "
            + $"POST answered: p50 {Percentile(answered, 50):F1} ms, p99 {Percentile(answered, 99):F1} ms; loadavg {File.ReadAllText("/proc/loadavg").Trim()}"));
    }

    private static double Percentile(List<double> sorted, int p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100.0 * sorted.Count) - 1)];
}

/// <summary>
/// Two web nodes (A also the notifier and scheduler) behind Nginx (deploy/nginx/tellal.conf), on a fresh PostgreSQL
/// database and the test Redis, Local transport.
/// </summary>
public sealed class ChatCluster : IAsyncLifetime
{
    public const string Collection = "Chat over two web nodes";

    /// <summary>Short, so the drill that kills a node waits seconds, not half a minute, for its ghosts to go.</summary>
    public static readonly TimeSpan PresenceTtl = TimeSpan.FromSeconds(3);

    private readonly TempDirectory _dataA = new();
    private readonly TempDirectory _dataB = new();
    private readonly string _adminPassword = TestPasswords.New();
    private PostgresDatabase? _database;

    public NginxSite Nginx { get; } = new(AppProcess.FreePort());

    public TellalProcess WebA { get; private set; } = null!;

    public TellalProcess WebB { get; private set; } = null!;

    private HttpClient Admin { get; set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = _database.ConnectionString,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Bootstrap__AdminPassword"] = _adminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // The latency run posts 200 messages in a row, far beyond a person's rate (the rate has its own test).
            ["Tellal__Chat__MessageBurst"] = "1000",
            ["Tellal__Chat__PresenceTtl"] = PresenceTtl.ToString(),
            ["Tellal__Chat__PresenceRefresh"] = (PresenceTtl / 3).ToString(),
        };
        WebA = TellalProcess.Start(_dataA.Path, settings, "--roles", "web,notifier,scheduler");
        WebB = TellalProcess.Start(_dataB.Path, settings, "--roles", "web");
        await Task.WhenAll(WebA.WaitUntilReadyAsync(), WebB.WaitUntilReadyAsync());
        await Nginx.RouteAsync(WebA, WebB);
        Admin = await TellalProcess.SignInAsync(Nginx.Address, "admin", _adminPassword);
    }

    /// <summary>Kills web B (SIGKILL), runs <paramref name="whileDown"/>, then starts it again and waits until it is ready.</summary>
    public async Task RestartWebBAsync(Func<Task> whileDown)
    {
        await WebB.KillAsync();
        try
        {
            await whileDown();
        }
        finally
        {
            var again = WebB.StartAgain();
            await again.WaitUntilReadyAsync();
            await WebB.DisposeAsync();
            WebB = again;
        }
    }

    /// <summary>A new staff member whose API calls go to <paramref name="address"/> (a node or Nginx), once the chat module knows them.</summary>
    public async Task<ClusterStaff> NewStaffAsync(Uri address)
    {
        var name = $"s{Guid.NewGuid():N}"[..12];
        var created = await Admin.PostAsJsonAsync("/api/users", new { userName = name, password = ChatApp.Password, roles = new[] { TellalPolicies.Requester } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.HoldsAsync(async () => (await Admin.PostAsJsonAsync("/api/chat/direct", new { userName = name })).IsSuccessStatusCode, $"chat knows {name}");
        var client = await TellalProcess.SignInAsync(address, name, ChatApp.Password);
        return new ClusterStaff(name, id, client);
    }

    public async Task<Guid> NewChannelAsync(params string[] members)
    {
        var created = await Admin.PostAsJsonAsync("/api/chat/rooms", new { name = $"c{Guid.NewGuid():N}"[..20] });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        foreach (var member in members)
        {
            Assert.Equal(HttpStatusCode.NoContent, (await Admin.PutAsync($"/api/chat/rooms/{id}/members/{member}", null)).StatusCode);
        }

        return id;
    }

    public async ValueTask DisposeAsync()
    {
        Admin?.Dispose();
        await NginxSite.RemoveAsync();
        foreach (var node in new[] { WebA, WebB }.Where(n => n is not null))
        {
            await node.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _dataA.Dispose();
        _dataB.Dispose();
    }
}

public sealed record ClusterStaff(string Name, Guid UserId, HttpClient Client)
{
    public string Token => Client.DefaultRequestHeaders.Authorization!.Parameter!;
}

[CollectionDefinition(ChatCluster.Collection, DisableParallelization = true)]
public sealed class ChatClusterCollection : ICollectionFixture<ChatCluster>;
