using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Infrastructure;

/// <summary>ReportHub in its own process on a fixed HTTPS port (so a restart comes back at the same address), with its admin API.</summary>
public sealed class ReportHubProcess : IAsyncDisposable
{
    private readonly AppProcess _process;
    private readonly HttpClient _admin;

    private ReportHubProcess(AppProcess process, Uri baseAddress, HttpClient admin)
    {
        _process = process;
        BaseAddress = baseAddress;
        _admin = admin;
    }

    public Uri BaseAddress { get; }

    public string Output => _process.Output;

    public static async Task<ReportHubProcess> StartAsync(string dataDirectory, int port, IReadOnlyDictionary<string, string> environment,
        string adminKey, TestCertificateAuthority authority)
    {
        var baseAddress = new Uri($"https://127.0.0.1:{port}/");
        var process = AppProcess.Start("ReportHub.dll", dataDirectory, environment, ["--urls", baseAddress.ToString().TrimEnd('/')]);
        var admin = new HttpClient(authority.TrustingHandler()) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Add("X-Admin-Key", adminKey);
        var hub = new ReportHubProcess(process, baseAddress, admin);
        await hub.WaitUntilReadyAsync();
        return hub;
    }

    public async Task SetFaultsAsync(object faults)
    {
        var response = await _admin.PutAsJsonAsync("/admin/faults", faults);
        Assert.True(response.IsSuccessStatusCode, $"Setting faults: {(int)response.StatusCode}");
    }

    public Task ClearFaultsAsync() => SetFaultsAsync(new { });

    public async Task LoseJobsAsync() => (await _admin.PostAsync("/admin/lose-jobs", null)).EnsureSuccessStatusCode();

    public async Task<HubStats> StatsAsync()
    {
        var stats = await _admin.GetFromJsonAsync<JsonElement>("/admin/stats");
        var responses = stats.GetProperty("responses").EnumerateObject().ToDictionary(p => int.Parse(p.Name, System.Globalization.CultureInfo.InvariantCulture), p => p.Value.GetInt32());
        return new HubStats(responses, stats.GetProperty("jobsCreated").GetInt32(), stats.GetProperty("webhookAttempts").GetInt32());
    }

    /// <summary>The statuses of the provider's jobs for one Tellal report (its reference), oldest first.</summary>
    public async Task<List<string>> JobStatusesAsync(Guid reportId)
    {
        var jobs = await _admin.GetFromJsonAsync<JsonElement>($"/admin/jobs?reference={reportId:N}");
        return [.. jobs.EnumerateArray().Select(job => job.GetProperty("status").GetString()!)];
    }

    public Task KillAsync() => _process.KillAsync();

    public async ValueTask DisposeAsync()
    {
        _admin.Dispose();
        await _process.DisposeAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await _admin.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.False(_process.HasExited || DateTime.UtcNow > deadline, $"ReportHub did not start:\n{Output}");
            await Task.Delay(200);
        }
    }
}

/// <summary>What ReportHub saw: /v1 responses by status code, jobs created, webhook delivery attempts.</summary>
public sealed record HubStats(IReadOnlyDictionary<int, int> Responses, int JobsCreated, int WebhookAttempts)
{
    public int Count(int status) => Responses.GetValueOrDefault(status);

    /// <summary>Counts since an earlier snapshot.</summary>
    public HubStats Since(HubStats earlier) => new(
        Responses.ToDictionary(p => p.Key, p => p.Value - earlier.Count(p.Key)), JobsCreated - earlier.JobsCreated, WebhookAttempts - earlier.WebhookAttempts);
}
