using System.Text.Json;
using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Resilience;

/// <summary>
/// ReportHub stopped and never back: once the messaging core's last attempt is spent, the final-failure hooks end the
/// reports Failed with a sentence a person can read and tell the owner, whether the report was still waiting to be
/// submitted or already at the provider. A Tellal process of its own retries 3 times within seconds, where the shared
/// one's schedule (like production's, over an hour) would outlast the suite.
/// </summary>
public sealed class ProviderDownForGoodTests(ExternalReportsStack stack) : IAsyncLifetime
{
    private const int Attempts = 3;

    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Reports_queued_or_running_when_ReportHub_goes_away_for_good_end_Failed_and_the_owner_is_told_once()
    {
        await using var tellal = await stack.StartTellalAsync("down-for-good", new Dictionary<string, string>
        {
            ["InitialDelay"] = "00:00:01",
            ["MaxDelay"] = "00:00:02",
            ["MaxAttempts"] = Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var api = await stack.SignInAsync(tellal);

        // At the provider already: the job is done there, but with no webhook Tellal only learns it from the poll, which
        // comes after ReportHub is gone.
        await stack.Hub.SetFaultsAsync(new { withholdWebhooks = true });
        var running = await stack.SubmitAsync(region: "EU", api: api);
        await stack.WaitUntilAsync(running, r => r.GetProperty("status").GetString() == "Running", "submitted to the provider", TimeSpan.FromSeconds(30), api);
        await stack.Hub.KillAsync();
        try
        {
            var queued = await stack.SubmitAsync(region: "NA", api: api);

            await AssertFailedAsync(tellal, queued, $"The report provider could not be reached after {Attempts} attempts (", api);
            await AssertFailedAsync(tellal, running, $"The report provider could not be reached to collect the report after {Attempts} attempts (", api);
        }
        finally
        {
            // The provider comes back for the tests that share it.
            await stack.StartHubAsync();
        }
    }

    private async Task AssertFailedAsync(TellalProcess tellal, Guid id, string reasonStart, HttpClient api)
    {
        var report = await stack.WaitUntilFinalAsync(id, ExternalReportsStack.PollInterval * 6, api);
        Assert.Equal("Failed", report.GetProperty("status").GetString());
        Assert.StartsWith(reasonStart, report.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("fileSha256").ValueKind);
        await Eventually.HoldsAsync(async () => (await stack.NotificationsAboutAsync(id, api)).Count > 0, $"the owner of {id} is notified", TimeSpan.FromSeconds(30));
        await ExternalReportsStack.NotificationsSettledAsync(tellal);
        Assert.Equal(["report.failed"], await stack.NotificationsAboutAsync(id, api));
    }
}
