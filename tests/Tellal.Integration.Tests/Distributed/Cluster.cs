using System.Net;
using System.Net.Http.Json;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Distributed Tellal as docs/deploy.md lays it out, on one machine: PostgreSQL, RabbitMQ, Redis and maildev
/// (eng/test.sh starts them), Nginx with the repository's site config (deploy/nginx/tellal.conf) in front of two web
/// nodes, two workers, and a notifier that also runs the scheduler. Every process has a data directory of its own:
/// nothing is shared but the servers. Tests reach Tellal through <see cref="Nginx"/>.
/// </summary>
public sealed class Cluster : IAsyncLifetime
{
    public const string Collection = "Multi-node cluster";

    /// <summary>A report is paced to last this long, so that a drill can kill a process while reports run.</summary>
    public static readonly TimeSpan ReportDuration = TimeSpan.FromSeconds(1);

    private readonly List<TempDirectory> _folders = [];
    private readonly NginxSite _site = new(AppProcess.FreePort());
    private PostgresDatabase? _database;
    private Dictionary<string, string> _settings = [];

    public string AdminPassword { get; } = TestPasswords.New();

    public Uri Nginx => _site.Address;

    public string DatabaseConnectionString => _database!.ConnectionString;

    public TellalProcess WebA { get; private set; } = null!;

    public TellalProcess WebB { get; private set; } = null!;

    public TellalProcess WorkerA { get; private set; } = null!;

    public TellalProcess WorkerB { get; private set; } = null!;

    public TellalProcess Notifier { get; private set; } = null!;

    /// <summary>The nodes as they are now (a restarted one replaces its predecessor; a killed one stays listed, silent).</summary>
    public IEnumerable<TellalProcess> Nodes => [WebA, WebB, WorkerA, WorkerB, Notifier];

    public async ValueTask InitializeAsync()
    {
        _database = await PostgresDatabase.CreateAsync();
        _settings = NodeSettings();
        // All at once on an empty database, as after a fresh deployment: they migrate and seed it between them.
        WebA = Start("web");
        WebB = Start("web");
        WorkerA = Start("worker");
        WorkerB = Start("worker");
        Notifier = Start("notifier,scheduler");
        await Task.WhenAll(new[] { WebA, WebB, WorkerA, WorkerB, Notifier }.Select(node => node.WaitUntilReadyAsync()));
        await RouteAsync(WebA, WebB);
    }

    /// <summary>Points Nginx at these web nodes (the others leave the upstream) and waits until it answers through them.</summary>
    public Task RouteAsync(params TellalProcess[] webNodes) => _site.RouteAsync(webNodes);

    /// <summary>A new requester (with an email address) created by the admin, connected through Nginx.</summary>
    public async Task<ClusterClient> NewRequesterAsync()
    {
        using var admin = await TellalProcess.SignInAsync(Nginx, "admin", AdminPassword);
        var name = $"requester-{Guid.NewGuid():N}"[..24];
        var password = TestPasswords.New();
        var created = await admin.PostAsJsonAsync("/api/users",
            new { userName = name, password, email = $"{name}@staff.tellal.test", roles = new[] { TellalPolicies.Requester } });
        Assert.True(created.StatusCode == HttpStatusCode.Created,
            $"creating {name} answered {(int)created.StatusCode}: {await created.Content.ReadAsStringAsync()}");
        return await ClusterClient.ConnectAsync(Nginx, name, password);
    }

    /// <summary>SIGKILL of a node, then the same node started again (same port, same data directory).</summary>
    public async Task<TellalProcess> RestartAsync(TellalProcess node)
    {
        await node.KillAsync();
        var again = node.StartAgain();
        await again.WaitUntilReadyAsync();
        WebA = Replace(WebA, node, again);
        WebB = Replace(WebB, node, again);
        WorkerA = Replace(WorkerA, node, again);
        WorkerB = Replace(WorkerB, node, again);
        Notifier = Replace(Notifier, node, again);
        await node.DisposeAsync();
        return again;
    }

    /// <summary>Rows of a query on the cluster's database, e.g. to count what the API does not show.</summary>
    public Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters) => _database!.CountAsync(sql, parameters);

    public async ValueTask DisposeAsync()
    {
        await NginxSite.RemoveAsync();
        foreach (var node in new[] { WebA, WebB, WorkerA, WorkerB, Notifier }.Where(n => n is not null))
        {
            await node.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }

        _folders.ForEach(folder => folder.Dispose());
    }

    private static TellalProcess Replace(TellalProcess current, TellalProcess old, TellalProcess again) => ReferenceEquals(current, old) ? again : current;

    private TellalProcess Start(string roles)
    {
        var folder = new TempDirectory();
        _folders.Add(folder);
        return TellalProcess.Start(folder.Path, _settings, "--roles", roles);
    }

    /// <summary>deploy/node.env (what every node shares in production too), plus this machine's servers.</summary>
    private Dictionary<string, string> NodeSettings()
    {
        var settings = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "deploy", "node.env"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1]);
        settings["ConnectionStrings__postgres"] = DatabaseConnectionString;
        settings["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq;
        settings["ConnectionStrings__redis"] = TestEnvironment.Redis;
        settings["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20];
        settings["Tellal__Bootstrap__AdminPassword"] = AdminPassword;
        settings["Tellal__PublicBaseUrl"] = Nginx.ToString();
        settings["Tellal__Mail__Smtp__Host"] = TestEnvironment.SmtpHost;
        settings["Tellal__Mail__Smtp__Port"] = TestEnvironment.SmtpPort;
        settings["Tellal__Mail__Smtp__TlsMode"] = "None";
        settings["Tellal__Reports__SeedScale"] = "Small";
        settings["Tellal__Reports__MinimumDuration"] = ReportDuration.ToString();
        // Paced reports mostly wait: more of them at once per worker keeps the drills short.
        settings["Tellal__Messaging__Queues__reports.generate__Concurrency"] = "16";
        // The drills send 20 to 40 reports per user at once, far beyond a person's fair share (the quotas have their own tests).
        settings["Tellal__Reports__Quotas__SubmissionBurst"] = "1000";
        settings["Tellal__Reports__Quotas__MaxUnfinishedPerUser"] = "1000";
        // Up to 50 simulated staff sign in through Nginx from one loopback address within the same minute.
        settings["Tellal__Auth__SignIn__RequestsPerMinute"] = "1000";
        // Account changes reach the other nodes as news over Redis (AccountChangeBroadcastTests); a re-check this rare
        // cannot be what makes them bite.
        settings["Tellal__Auth__AccountRecheck"] = "00:10:00";
        return settings;
    }
}

[CollectionDefinition(Cluster.Collection, DisableParallelization = true)]
public sealed class ClusterCollection : ICollectionFixture<Cluster>;
