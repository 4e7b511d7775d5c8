using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Telemetry;

/// <summary>
/// The stand-in app store (src/AppStore) in its own process over HTTPS with a test CA, its admin API, and the settings
/// that point a Tellal node at it. Receipts are minted here as a game app's store SDK would (docs/appstore.md).
/// </summary>
public sealed class AppStoreProcess : IAsyncDisposable
{
    private readonly TempDirectory _root = new();
    private readonly AppProcess _process;
    private readonly HttpClient _admin;
    private readonly Dictionary<string, string?> _tellalSettings;

    private AppStoreProcess()
    {
        var authority = new TestCertificateAuthority(_root.Path);
        var baseAddress = new Uri($"https://127.0.0.1:{AppProcess.FreePort()}/");
        var adminKey = Secret();
        var apiKey = Secret();
        var signingSecret = Secret();
        var environment = new Dictionary<string, string>(authority.KestrelSettings())
        {
            ["AppStore__ApiKey"] = apiKey,
            ["AppStore__SigningSecret"] = signingSecret,
            ["AppStore__AdminKey"] = adminKey,
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
        };
        _process = AppProcess.Start("AppStore.dll", _root.Path, environment, ["--urls", baseAddress.ToString().TrimEnd('/')]);
        _admin = new HttpClient(authority.TrustingHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        _admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        _tellalSettings = new Dictionary<string, string?>
        {
            ["Tellal:Telemetry:Store:BaseUrl"] = baseAddress.ToString(),
            ["Tellal:Telemetry:Store:ApiKey"] = apiKey,
            ["Tellal:Telemetry:Store:SigningSecret"] = signingSecret,
            ["Tellal:Telemetry:Store:CaBundlePath"] = authority.CaPath,
            // Short waits everywhere, so an outage and its recovery take seconds.
            ["Tellal:Telemetry:Store:PollInterval"] = "00:00:00.100",
            ["Tellal:Telemetry:Store:InitialBackoff"] = "00:00:00.200",
            ["Tellal:Telemetry:Store:MaxBackoff"] = "00:00:01",
            ["Tellal:Telemetry:Store:AttemptTimeout"] = "00:00:02",
            ["Tellal:Telemetry:Store:TotalTimeout"] = "00:00:06",
            ["Tellal:Telemetry:Store:RetryDelay"] = "00:00:00.100",
            ["Tellal:Telemetry:Store:MaxRetries"] = "1",
            ["Tellal:Telemetry:Store:BreakDuration"] = "00:00:01",
            ["Tellal:Telemetry:Store:SamplingDuration"] = "00:00:04",
            ["Tellal:Telemetry:Store:ClaimTimeout"] = "00:00:20",
        };
    }

    /// <summary>The settings of a Tellal node that verifies purchases with this store.</summary>
    public IReadOnlyDictionary<string, string?> TellalSettings => _tellalSettings;

    public static async Task<AppStoreProcess> StartAsync()
    {
        var store = new AppStoreProcess();
        await Eventually.HoldsAsync(async () =>
        {
            Assert.False(store._process.HasExited, $"AppStore exited:\n{store._process.Output}");
            try
            {
                return (await store._admin.GetAsync("/health")).IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, "the app store answers");
        return store;
    }

    public async Task SetFaultsAsync(object faults) => (await _admin.PutAsJsonAsync("/admin/faults", faults)).EnsureSuccessStatusCode();

    public async Task<StoreStats> StatsAsync()
    {
        var stats = await _admin.GetFromJsonAsync<JsonElement>("/admin/stats");
        var responses = stats.GetProperty("responses").EnumerateObject().ToDictionary(p => int.Parse(p.Name, CultureInfo.InvariantCulture), p => p.Value.GetInt32());
        return new StoreStats(responses, stats.GetProperty("valid").GetInt32(), stats.GetProperty("invalid").GetInt32(), stats.GetProperty("receiptsJudgedMoreThanOnce").GetInt32());
    }

    /// <summary>A receipt as the store issues them (docs/appstore.md); <paramref name="forged"/> spoils its signature.</summary>
    public static Dictionary<string, object> Receipt(string productId, long priceMicros, string currency, bool forged = false)
    {
        var transactionId = $"t-{Guid.NewGuid():N}";
        var payload = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{transactionId}|{productId}|{priceMicros}"));
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(forged ? payload + "x" : payload)));
        return new()
        {
            ["store"] = "app-store",
            ["productId"] = productId,
            ["transactionId"] = transactionId,
            ["priceMicros"] = priceMicros,
            ["currency"] = currency,
            ["payload"] = payload,
            ["signature"] = signature,
        };
    }

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _process.DisposeAsync();
        _root.Dispose();
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}

/// <summary>What the store saw: /v1 responses by status, verdicts given, receipts judged more than once.</summary>
public sealed record StoreStats(IReadOnlyDictionary<int, int> Responses, int Valid, int Invalid, int JudgedMoreThanOnce)
{
    public int Count(int status) => Responses.GetValueOrDefault(status);
}
