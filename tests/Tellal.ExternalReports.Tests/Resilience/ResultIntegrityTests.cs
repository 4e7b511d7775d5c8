using System.Net;
using System.Text.Json;
using Tellal.ExternalReports.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.ExternalReports.Tests.Resilience;

/// <summary>The provider's file is checked against its published SHA-256; the provider losing a job leads to one resubmission, not two results.</summary>
public sealed class ResultIntegrityTests(ExternalReportsStack stack) : IAsyncLifetime
{
    public async ValueTask InitializeAsync() => await stack.ResetAsync();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task A_corrupted_download_is_detected_by_checksum_and_fetched_again()
    {
        await stack.Hub.SetFaultsAsync(new { corruptDownloads = 1 });
        var id = await stack.SubmitAsync(region: "NA", top: 7);

        Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60))).GetProperty("status").GetString());
        await stack.AssertReadyOnceAsync(id);
    }

    [Fact]
    public async Task A_file_that_stays_corrupted_ends_the_report_Failed_with_a_clear_reason_and_the_owner_told()
    {
        await stack.Hub.SetFaultsAsync(new { corruptDownloads = -1 });
        var id = await stack.SubmitAsync(region: "APAC", top: 7);

        var report = await stack.WaitUntilFinalAsync(id, TimeSpan.FromSeconds(60));

        Assert.Equal("Failed", report.GetProperty("status").GetString());
        var error = report.GetProperty("error").GetString()!;
        Assert.Contains("damaged", error, StringComparison.Ordinal);
        Assert.Contains("SHA-256", error, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("fileSha256").ValueKind);
        Assert.NotEqual(HttpStatusCode.OK, (await stack.Api.GetAsync($"/api/reports/{id}/file")).StatusCode);
        await Eventually.HoldsAsync(async () => (await stack.NotificationsAboutAsync(id)).Count > 0, "the owner is told");
        await ExternalReportsStack.NotificationsSettledAsync(stack.Tellal);
        Assert.Equal(["report.failed"], await stack.NotificationsAboutAsync(id));
    }

    [Fact]
    public async Task A_job_lost_by_the_provider_is_resubmitted_with_the_same_key_and_produces_one_result()
    {
        await stack.Hub.SetFaultsAsync(new { withholdWebhooks = true });
        var before = await stack.Hub.StatsAsync();
        var id = await stack.SubmitAsync(region: "LATAM", top: 3);
        await stack.WaitUntilAsync(id, r => r.GetProperty("stage").ValueKind == JsonValueKind.String, "submitted to the provider", TimeSpan.FromSeconds(30));
        await Eventually.HoldsAsync(async () => await stack.Hub.JobStatusesAsync(id) is ["Succeeded"], "the provider finished the job", TimeSpan.FromSeconds(60));

        await stack.Hub.LoseJobsAsync();

        Assert.Equal("Ready", (await stack.WaitUntilFinalAsync(id, ExternalReportsStack.PollInterval * 4)).GetProperty("status").GetString());
        await stack.AssertReadyOnceAsync(id);
        // The lost job and its one resubmission; the provider's store now holds only the second.
        Assert.Equal(2, (await stack.Hub.StatsAsync()).Since(before).JobsCreated);
        Assert.Equal(["Succeeded"], await stack.Hub.JobStatusesAsync(id));
    }
}
