using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// Distributed mode with one process per role (web + scheduler, worker, notifier) on the test PostgreSQL, RabbitMQ,
/// Redis and maildev, sharing one data directory (the shared volume of docs/deploy.md), and a requester with a
/// mailbox of its own. It counts outcomes the way an operator would see them: reports through the API, inbox
/// entries, report files, emails in maildev.
/// </summary>
public sealed class RoleCluster : IAsyncDisposable
{
    private static readonly string AdminPassword = TestPasswords.New();
    private readonly PostgresDatabase _database;
    private readonly TempDirectory _data = new();
    private readonly Dictionary<string, string> _settings;
    private readonly Dictionary<string, TellalProcess> _roles = [];
    private Func<string, IReadOnlyDictionary<string, string>>? _roleSettings;

    private RoleCluster(PostgresDatabase database, IReadOnlyDictionary<string, string> settings)
    {
        _database = database;
        _settings = new Dictionary<string, string>
        {
            ["ConnectionStrings__postgres"] = database.ConnectionString,
            ["ConnectionStrings__rabbitmq"] = TestEnvironment.RabbitMq,
            ["ConnectionStrings__redis"] = TestEnvironment.Redis,
            ["Tellal__Messaging__RabbitMq__Prefix"] = $"t{Guid.NewGuid():N}"[..20],
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            ["Tellal__Mail__Smtp__Host"] = TestEnvironment.SmtpHost,
            ["Tellal__Mail__Smtp__Port"] = TestEnvironment.SmtpPort,
            ["Tellal__Mail__Smtp__TlsMode"] = "None",
        };
        foreach (var (key, value) in settings)
        {
            _settings[key] = value;
        }
    }

    public HttpClient Admin { get; private set; } = null!;

    public HttpClient Requester { get; private set; } = null!;

    public string RequesterEmail { get; } = $"{Guid.NewGuid():N}@staff.tellal.test";

    public TellalProcess Web => _roles["web"];

    /// <summary>Every role's node, e.g. to read their metrics.</summary>
    public IEnumerable<Uri> Nodes => _roles.Values.Select(node => node.BaseAddress);

    /// <summary>Everything the three processes logged so far, role by role.</summary>
    public Dictionary<string, string> Logs() => _roles.ToDictionary(r => r.Key, r => r.Value.Output);

    /// <summary>
    /// Starts the three processes; <paramref name="settings"/> (environment variables) apply to all of them,
    /// <paramref name="roleSettings"/> (given "web", "worker" or "notifier") to one.
    /// </summary>
    public static async Task<RoleCluster> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null, Func<string, IReadOnlyDictionary<string, string>>? roleSettings = null)
    {
        var cluster = new RoleCluster(await PostgresDatabase.CreateAsync(), settings ?? new Dictionary<string, string>()) { _roleSettings = roleSettings };
        try
        {
            foreach (var role in new[] { "web", "worker", "notifier" })
            {
                cluster.Launch(role);
            }

            await Task.WhenAll(cluster._roles.Values.Select(p => p.WaitUntilReadyAsync()));
            cluster.Admin = await cluster.Web.SignInAsync("admin", AdminPassword);
            var userName = $"requester-{Guid.NewGuid():N}"[..24];
            var created = await cluster.Admin.PostAsJsonAsync("/api/users",
                new { userName, password = "a-password-for-tests", roles = new[] { TellalPolicies.Requester }, email = cluster.RequesterEmail });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            cluster.Requester = await cluster.Web.SignInAsync(userName, "a-password-for-tests");
            return cluster;
        }
        catch
        {
            // The caller never gets the cluster to dispose: stop the nodes that did start, or they outlive the test run.
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills the role's process and starts it again with these settings changed (null removes one).</summary>
    public async Task RestartAsync(string role, IReadOnlyDictionary<string, string?> changes)
    {
        await _roles[role].DisposeAsync();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }

        await Launch(role).WaitUntilReadyAsync();
    }

    public async Task<Guid> SubmitAsync(string reportType = "top-reviewed-games")
    {
        var response = await Requester.PostAsJsonAsync("/api/reports", new { reportType });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Every report the requester can see, id to status.</summary>
    public async Task<Dictionary<Guid, string>> ReportsAsync()
    {
        var reports = await Requester.GetFromJsonAsync<JsonElement>("/api/reports?limit=500");
        return reports.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetGuid(), r => r.GetProperty("status").GetString()!);
    }

    public Task WaitForStatusAsync(IEnumerable<Guid> ids, string status, TimeSpan? timeout = null) =>
        Eventually.HoldsAsync(async () =>
        {
            var reports = await ReportsAsync();
            return ids.All(id => reports.GetValueOrDefault(id) == status);
        }, $"every report is {status}", timeout ?? TimeSpan.FromSeconds(180));

    /// <summary>Inbox entries of the requester of this kind (report.ready, report.failed), per report.</summary>
    public async Task<Dictionary<Guid, int>> NotificationsAsync(string kind)
    {
        var inbox = await Requester.GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
        return inbox.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("kind").GetString() == kind)
            .GroupBy(n => n.GetProperty("reportId").GetGuid())
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>Emails maildev holds for the requester whose subject starts with this (e.g. "Ready:").</summary>
    public async Task<int> EmailsAsync(string subjectPrefix)
    {
        using var http = new HttpClient();
        var emails = await http.GetFromJsonAsync<JsonElement>($"{TestEnvironment.MaildevApi}/email");
        return emails.EnumerateArray().Count(email =>
            email.GetProperty("subject").GetString()?.StartsWith(subjectPrefix, StringComparison.Ordinal) == true
            && email.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == RequesterEmail));
    }

    /// <summary>Stored report files of this report: with PostgreSQL the nodes keep them in the database (first chunks).</summary>
    public Task<long> ReportFilesAsync(Guid id) => _database.CountAsync(
        """SELECT COUNT(*) FROM rpt_file_chunks WHERE "Index" = 0 AND left("FileName", 32) = @name""", ("name", id.ToString("N")));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _roles.Values)
        {
            await process.DisposeAsync();
        }

        Admin?.Dispose();
        Requester?.Dispose();
        await _database.DisposeAsync();
        _data.Dispose();
    }

    private TellalProcess Launch(string role)
    {
        var settings = _roleSettings is null ? _settings : new Dictionary<string, string>(_settings.Concat(_roleSettings(role)));
        var process = TellalProcess.Start(_data.Path, settings, "--roles", role == "web" ? "web,scheduler" : role);
        _roles[role] = process;
        return process;
    }
}
