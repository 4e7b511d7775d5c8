using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Tellal.Testing;

[assembly: AssemblyFixture(typeof(Tellal.ExternalReports.Tests.Infrastructure.ExternalReportsStack))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Tellal.ExternalReports.Tests.Infrastructure;

/// <summary>
/// ReportHub and Tellal (embedded default: SQLite + Local transport, all roles), each in its own process, HTTPS both
/// ways with a test CA; webhooks pass through a <see cref="WebhookRelay"/>. Shared by every test, which run one at a
/// time and start with no fault active.
/// </summary>
public sealed class ExternalReportsStack : IAsyncLifetime
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(8);
    private readonly TempDirectory _root = new();
    private readonly string _adminPassword = TestPasswords.New();
    private readonly string _hubAdminKey = Secret();
    private readonly int _hubPort = AppProcess.FreePort();
    private readonly string _apiKey = Secret();
    private readonly string _signingSecret = Secret();
    private Dictionary<string, string> _hubSettings = [];
    private TellalProcess? _tellal;

    public TestCertificateAuthority Authority { get; private set; } = null!;

    public string WebhookSecret { get; } = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public ReportHubProcess Hub { get; private set; } = null!;

    public WebhookRelay Relay { get; private set; } = null!;

    public TellalProcess Tellal => _tellal!;

    /// <summary>Signed in as the first admin (who may request reports).</summary>
    public HttpClient Api { get; private set; } = null!;

    /// <summary>Tellal's webhook listener over HTTPS, for tests that call it directly.</summary>
    public Uri TellalWebhook { get; private set; } = null!;

    /// <summary>A client trusting the test CA, e.g. to post webhooks to <see cref="TellalWebhook"/>.</summary>
    public HttpClient Https { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Authority = new TestCertificateAuthority(_root.Path);
        Https = new HttpClient(Authority.TrustingHandler());
        var tellalHttps = new Uri($"https://127.0.0.1:{AppProcess.FreePort()}");
        TellalWebhook = new Uri(tellalHttps, "/api/reports/external/webhook");
        Relay = new WebhookRelay(Authority, AppProcess.FreePort(), TellalWebhook);
        await Relay.StartAsync();

        _hubSettings = new Dictionary<string, string>(Authority.KestrelSettings())
        {
            ["ReportHub__DataDirectory"] = Path.Combine(_root.Path, "reporthub"),
            ["ReportHub__AdminKey"] = _hubAdminKey,
            ["ReportHub__UrlSigningKey"] = Secret(),
            ["ReportHub__TrustedCaPath"] = Authority.CaPath,
            ["ReportHub__Workers"] = "4",
            ["ReportHub__JobDuration"] = "00:00:00.300",
            ["ReportHub__Subscriber__ApiKey"] = _apiKey,
            ["ReportHub__Subscriber__SigningSecret"] = _signingSecret,
            ["ReportHub__Subscriber__WebhookSecret"] = WebhookSecret,
            ["ReportHub__Subscriber__WebhookUrl"] = Relay.Url.ToString(),
            ["ReportHub__Webhooks__InitialDelay"] = "00:00:00.500",
            ["ReportHub__Webhooks__MaxDelay"] = "00:00:03",
            ["ReportHub__Webhooks__GiveUpAfter"] = "00:02:00",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__LogLevel__System.Net.Http"] = "Warning",
        };
        await StartHubAsync();

        _tellal = await StartTellalAsync("tellal", new Dictionary<string, string> { ["InitialDelay"] = "00:00:01", ["MaxDelay"] = "00:00:05", ["MaxAttempts"] = "60" }, tellalHttps);
        Api = await Tellal.SignInAsync("admin", _adminPassword);
    }

    /// <summary>
    /// A Tellal process (own data directory and ports) talking to this stack's ReportHub, its two external messages
    /// retried on <paramref name="retry"/> (InitialDelay, MaxDelay, MaxAttempts). The shared one keeps a long schedule;
    /// a test that needs the last attempt to come soon starts its own with a short one.
    /// </summary>
    public Task<TellalProcess> StartTellalAsync(string name, IReadOnlyDictionary<string, string> retry) =>
        StartTellalAsync(name, retry, new Uri($"https://127.0.0.1:{AppProcess.FreePort()}"));

    private async Task<TellalProcess> StartTellalAsync(string name, IReadOnlyDictionary<string, string> retry, Uri tellalHttps)
    {
        var tellalData = Path.Combine(_root.Path, name);
        Directory.CreateDirectory(tellalData);
        var settings = new Dictionary<string, string>(Authority.KestrelSettings())
        {
            ["Tellal__Bootstrap__AdminPassword"] = _adminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            // One user sends up to 50 reports at once, far beyond a person's fair share (the quotas have their own tests).
            ["Tellal__Reports__Quotas__SubmissionBurst"] = "1000",
            ["Tellal__Reports__Quotas__MaxUnfinishedPerUser"] = "1000",
            ["Tellal__Messaging__Relay__PollInterval"] = "00:00:00.100",
            ["Tellal__Messaging__Local__PollInterval"] = "00:00:00.100",
            ["Tellal__Reports__External__BaseUrl"] = Hub.BaseAddress.ToString(),
            ["Tellal__Reports__External__ApiKey"] = _apiKey,
            ["Tellal__Reports__External__SigningSecret"] = _signingSecret,
            ["Tellal__Reports__External__WebhookSecret"] = WebhookSecret,
            ["Tellal__Reports__External__CaBundlePath"] = Authority.CaPath,
            ["Tellal__Reports__External__PollInterval"] = PollInterval.ToString(),
            ["Tellal__Reports__External__JobTimeout"] = "00:00:30",
            // Above the 2-10 s latency drill, so degraded answers arrive; an outage still fails fast (503s, refused connections).
            ["Tellal__Reports__External__AttemptTimeout"] = "00:00:11",
            ["Tellal__Reports__External__TotalTimeout"] = "00:00:30",
            ["Tellal__Reports__External__RetryDelay"] = "00:00:00.500",
            ["Tellal__Reports__External__BreakDuration"] = "00:00:05",
            ["Tellal__Reports__External__SamplingDuration"] = "00:00:25",
            ["Tellal__Reports__External__MinimumThroughput"] = "5",
        };
        foreach (var type in new[] { "tellal.reports.submit-external-report.v1", "tellal.reports.check-external-report.v1" })
        {
            foreach (var (setting, value) in retry)
            {
                settings[$"Tellal__Messaging__RetryByType__{type}__{setting}"] = value;
            }
        }

        var tellal = TellalProcess.StartListening(tellalData, settings, [tellalHttps]);
        await tellal.WaitUntilReadyAsync();
        return tellal;
    }

    /// <summary>A client of <paramref name="tellal"/> signed in as its first admin.</summary>
    public Task<HttpClient> SignInAsync(TellalProcess tellal) => tellal.SignInAsync("admin", _adminPassword);

    /// <summary>Every test starts from a healthy provider and a healthy webhook path.</summary>
    public async Task ResetAsync()
    {
        await Hub.ClearFaultsAsync();
        Relay.Unavailable = false;
        Relay.Delay = TimeSpan.Zero;
    }

    public async Task StartHubAsync() =>
        Hub = await ReportHubProcess.StartAsync(_root.Path, _hubPort, _hubSettings, _hubAdminKey, Authority);

    /// <summary>Requests a report from the shared Tellal, or from <paramref name="api"/>'s.</summary>
    public async Task<Guid> SubmitAsync(string region = "EU", int top = 5, HttpClient? api = null)
    {
        var response = await (api ?? Api).PostAsJsonAsync("/api/reports", new
        {
            reportType = "market-top-games",
            format = "csv",
            parameters = new { region, top },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public Task<JsonElement> ReportAsync(Guid id, HttpClient? api = null) => (api ?? Api).GetFromJsonAsync<JsonElement>($"/api/reports/{id}");

    /// <summary>Waits until the report is in a final state and returns it (the caller checks which).</summary>
    public async Task<JsonElement> WaitUntilFinalAsync(Guid id, TimeSpan timeout, HttpClient? api = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var report = await ReportAsync(id, api);
            if (report.GetProperty("status").GetString() is "Ready" or "Failed" or "Cancelled" or "Expired")
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Report {id} did not finish within {timeout}; last: {report}");
            await Task.Delay(100);
        }
    }

    public async Task<JsonElement> WaitUntilAsync(Guid id, Func<JsonElement, bool> condition, string what, TimeSpan timeout, HttpClient? api = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var report = await ReportAsync(id, api);
            if (condition(report))
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Report {id}: {what} did not happen within {timeout}; last: {report}");
            await Task.Delay(100);
        }
    }

    /// <summary>The inbox entries about this report, by kind (report.ready, report.failed).</summary>
    public async Task<List<string>> NotificationsAboutAsync(Guid reportId, HttpClient? api = null)
    {
        var inbox = await (api ?? Api).GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
        return [.. inbox.GetProperty("items").EnumerateArray()
            .Where(n => n.GetProperty("reportId").ValueKind == JsonValueKind.String && n.GetProperty("reportId").GetGuid() == reportId)
            .Select(n => n.GetProperty("kind").GetString()!)];
    }

    /// <summary>
    /// The report ends Ready exactly once: one ready notification (counted once every notification sent so far has
    /// been handled, so a duplicate would be in the inbox), a file whose bytes match the recorded SHA-256, and the
    /// provider's CSV inside.
    /// </summary>
    public async Task AssertReadyOnceAsync(Guid id)
    {
        var report = await ReportAsync(id);
        Assert.Equal("Ready", report.GetProperty("status").GetString());
        var file = await FileAsync(id);
        Assert.Equal(report.GetProperty("fileSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(file)));
        Assert.StartsWith("rank,title,genre,region,rentals,share\n", System.Text.Encoding.UTF8.GetString(file), StringComparison.Ordinal);
        await Eventually.HoldsAsync(async () => (await NotificationsAboutAsync(id)).Count > 0, $"the owner of {id} is notified", TimeSpan.FromSeconds(30));
        await NotificationsSettledAsync(Tellal);
        Assert.Equal(["report.ready"], await NotificationsAboutAsync(id));
    }

    /// <summary>Waits until every notification <paramref name="tellal"/> sent so far is in its owner's inbox.</summary>
    public static Task NotificationsSettledAsync(TellalProcess tellal) =>
        NodeMetrics.SettledAsync([tellal.BaseAddress], "every notification sent so far is handled", NodeMetrics.NotificationRequested);

    /// <summary>The messaging core's count of failed attempts of external messages (submits, checks) that it retries.</summary>
    public static Task<double> RetriedAsync(TellalProcess tellal) =>
        NodeMetrics.SumAsync([tellal.BaseAddress], NodeMetrics.Retried, ("queue", "reports.external"));

    public async Task<byte[]> FileAsync(Guid id) => await Api.GetByteArrayAsync($"/api/reports/{id}/file");

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Https?.Dispose();
        if (_tellal is not null)
        {
            await _tellal.DisposeAsync();
        }

        if (Hub is not null)
        {
            await Hub.DisposeAsync();
        }

        if (Relay is not null)
        {
            await Relay.DisposeAsync();
        }

        _root.Dispose();
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
