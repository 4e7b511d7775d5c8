using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Reports;

/// <summary>
/// A worker process killed with SIGKILL in the middle of a report: the report is produced again by another worker
/// and ends Ready exactly once, with one notification and one file.
/// </summary>
public sealed class WorkerCrashTests
{
    private static readonly string AdminPassword = TestPasswords.New();

    [Fact]
    public async Task A_report_whose_worker_is_killed_mid_run_ends_ready_once_with_one_notification()
    {
        using var data = new TempDirectory();
        var settings = new Dictionary<string, string>
        {
            ["Tellal__Bootstrap__AdminPassword"] = AdminPassword,
            ["Tellal__Reports__SeedScale"] = "Small",
            ["Tellal__Reports__MinimumDuration"] = "00:00:06",
            ["Tellal__Reports__ProgressInterval"] = "00:00:00.200",
            // A dead worker's messages come back after its lease: keep that short for the test.
            ["Tellal__Messaging__Local__Lease"] = "00:00:03",
            ["Tellal__Messaging__Local__PollInterval"] = "00:00:00.100",
        };
        await using var victim = TellalProcess.Start(data.Path, settings, "--roles", "worker");
        await victim.WaitUntilReadyAsync();
        await using var web = TellalProcess.Start(data.Path, settings, "--roles", "web,notifier,scheduler");
        await web.WaitUntilReadyAsync();
        using var admin = await web.SignInAsync("admin", AdminPassword);

        var submitted = await admin.PostAsJsonAsync("/api/reports", new { reportType = "daily-rentals-trend", format = "csv" });
        var id = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await WaitForAsync(admin, id, r => r.GetProperty("status").GetString() == "Running" && r.GetProperty("progress").GetInt32() > 0);
        await victim.KillAsync();

        await using var survivor = TellalProcess.Start(data.Path, settings, "--roles", "worker");
        var ready = await WaitForAsync(admin, id, r => r.GetProperty("status").GetString() == "Ready", TimeSpan.FromSeconds(120));

        Assert.Equal(100, ready.GetProperty("progress").GetInt32());
        // The notification follows the report's commit through the notifier's queue. Once the report's message and every
        // notification published so far are handled (the victim died before committing either), a duplicate would show.
        await Eventually.HoldsAsync(async () => (await NotificationsAboutAsync(admin, id)) > 0, "the owner is notified");
        await NodeMetrics.SettledAsync([web.BaseAddress, survivor.BaseAddress], "the report's messages are handled",
            NodeMetrics.GenerateReport, NodeMetrics.NotificationRequested);
        Assert.Equal(1, await NotificationsAboutAsync(admin, id));
        Assert.Single(Directory.GetFiles(Path.Combine(data.Path, "reports"), $"{id:N}*"));
        var file = await admin.GetAsync($"/api/reports/{id}/file");
        Assert.Equal(ready.GetProperty("fileSize").GetInt64(), (await file.Content.ReadAsByteArrayAsync()).Length);
    }

    private static async Task<int> NotificationsAboutAsync(HttpClient client, Guid reportId)
    {
        var inbox = await client.GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
        return inbox.GetProperty("items").EnumerateArray()
            .Count(n => n.GetProperty("reportId").ValueKind == JsonValueKind.String && n.GetProperty("reportId").GetGuid() == reportId);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient client, Guid id, Func<JsonElement, bool> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var report = await client.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            if (condition(report))
            {
                return report;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Report {id} did not reach the expected state; last: {report}");
            await Task.Delay(100);
        }
    }
}
