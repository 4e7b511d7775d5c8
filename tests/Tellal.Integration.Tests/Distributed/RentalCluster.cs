using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// The rental counter distributed over processes on the test PostgreSQL: a web node (with the scheduler), a notifier
/// and two workers, which consume the inventory and rental queues and compete for them. The transport is whatever the
/// settings say: none of them means the Local transport in the shared database; a Kafka variant adds its connection
/// string and nothing else. Every game starts with <paramref name="copiesPerGame"/> copies.
/// </summary>
public sealed class RentalCluster : IAsyncDisposable
{
    private static readonly string AdminPassword = TestPasswords.New();
    private readonly PostgresDatabase _database;
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string> _settings;
    private readonly Dictionary<string, TellalProcess> _nodes = [];

    private RentalCluster(PostgresDatabase database, int copiesPerGame, IReadOnlyDictionary<string, string> transport)
    {
        _database = database;
        _settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            ["Tellal__Inventory__CopiesPerGame"] = copiesPerGame.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in transport)
        {
            _settings[key] = value;
        }
    }

    public HttpClient Admin { get; private set; } = null!;

    public TellalProcess Web => _nodes["web"];

    public TellalProcess WorkerA => _nodes["worker-a"];

    public TellalProcess WorkerB => _nodes["worker-b"];

    public static async Task<RentalCluster> StartAsync(int copiesPerGame, IReadOnlyDictionary<string, string>? transport = null)
    {
        var cluster = new RentalCluster(await PostgresDatabase.CreateAsync(), copiesPerGame, transport ?? new Dictionary<string, string>());
        try
        {
            cluster.Launch("web", "web,scheduler");
            cluster.Launch("notifier", "notifier");
            cluster.Launch("worker-a", "worker");
            cluster.Launch("worker-b", "worker");
            await Task.WhenAll(cluster._nodes.Values.Select(p => p.WaitUntilReadyAsync()));
            cluster.Admin = await cluster.Web.SignInAsync("admin", AdminPassword);
            await Eventually.HoldsAsync(async () => (await cluster.Admin.GetAsync("/api/inventory/games/1")).StatusCode == HttpStatusCode.OK,
                "the catalogue reached Inventory");
            return cluster;
        }
        catch
        {
            // The caller never gets the cluster to dispose: stop the nodes that did start, or they outlive the test run.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A new clerk, signed in on the web node.</summary>
    public async Task<HttpClient> NewClerkAsync()
    {
        var userName = $"clerk-{Guid.NewGuid():N}"[..24];
        var created = await Admin.PostAsJsonAsync("/api/users", new { userName, password = "a-password-for-tests", roles = new[] { TellalPolicies.Clerk } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return await Web.SignInAsync(userName, "a-password-for-tests");
    }

    /// <summary>How many rentals have this status (the list's total count).</summary>
    public async Task<int> CountAsync(string status) =>
        (await Admin.GetFromJsonAsync<JsonElement>($"/api/rentals?status={status}")).GetProperty("totalCount").GetInt32();

    /// <summary>Everything the processes logged so far, node by node, to explain a failure.</summary>
    public string Logs() => string.Join('\n', _nodes.Select(n => $"--- {n.Key}\n{n.Value.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _nodes.Values)
        {
            await process.DisposeAsync();
        }

        Admin?.Dispose();
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private void Launch(string name, string roles) => _nodes[name] = TellalProcess.Start(_data.Path, _settings, "--roles", roles);
}
