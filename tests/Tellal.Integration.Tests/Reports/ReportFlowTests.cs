using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Reports;

/// <summary>The core flow through the HTTP API and a real SignalR client: request, progress, popup, email, file.</summary>
public sealed class ReportFlowTests(ReportsApp reports) : IClassFixture<ReportsApp>
{
    private TellalApp App => reports.App;

    [Fact]
    public async Task A_report_runs_with_progress_pops_up_is_emailed_and_its_file_matches_an_independent_query()
    {
        var email = $"{Guid.NewGuid():N}@staff.tellal.test";
        var requester = await App.NewUserAsync(TellalPolicies.Requester, email);
        await using var popups = await NotificationListener.ConnectAsync(App, requester);
        var to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var from = to.AddDays(-20);

        var id = await ReportsApp.SubmitAsync(requester, new
        {
            reportType = "daily-rentals-trend",
            title = "Trend for the test",
            parameters = new { from = from.ToString("yyyy-MM-dd"), to = to.ToString("yyyy-MM-dd") },
            format = "csv",
            priority = "high",
            lifetime = "1h",
        });
        var states = await ReportsApp.WaitForStatusAsync(requester, id, "Ready");

        Assert.Contains(states, s => s.GetProperty("status").GetString() == "Running" && s.GetProperty("progress").GetInt32() is > 0 and < 100);
        var ready = states[^1];
        Assert.Equal(100, ready.GetProperty("progress").GetInt32());
        Assert.NotNull(ready.GetProperty("expiresAt").GetString());
        var popup = await popups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id);
        Assert.Equal("report.ready", popup.GetProperty("kind").GetString());
        Assert.Equal($"/reports/{id}", popup.GetProperty("url").GetString());

        var file = await requester.GetAsync(ready.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        var bytes = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(ready.GetProperty("fileSize").GetInt64(), bytes.Length);
        Assert.Equal(ready.GetProperty("fileSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.Equal(await IndependentDailyTrendAsync(from, to), ParseCsv(bytes));

        var mail = await WaitForEmailAsync(email);
        Assert.Contains("Trend for the test", mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains($"/reports/{id}", mail.GetProperty("text").GetString(), StringComparison.Ordinal);

        var inbox = await requester.GetFromJsonAsync<JsonElement>("/api/notifications");
        Assert.Equal(1, inbox.GetProperty("unread").GetInt32());
        var notification = inbox.GetProperty("items")[0].GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NoContent, (await requester.PostAsync($"/api/notifications/{notification}/read", null)).StatusCode);
        Assert.Equal(0, (await requester.GetFromJsonAsync<JsonElement>("/api/notifications")).GetProperty("unread").GetInt32());
    }

    /// <summary>
    /// The run's progress has a path of its own (rpt_run_progress): the owner sees Running with a stage, a percent and
    /// the start time, while the report's row changes only once, when the handler's unit of work commits the outcome.
    /// </summary>
    [Fact]
    public async Task While_a_report_runs_its_owner_sees_it_running_but_its_row_changes_only_with_the_outcome()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "daily-rentals-trend", format = "csv" });
        var shown = new List<JsonElement>();
        var stored = new List<(string Status, int Version)>();
        (HttpStatusCode Status, string? Detail)? refusedDownload = null;
        bool? listedRunning = null, listedQueued = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        do
        {
            Assert.True(DateTime.UtcNow < deadline, $"Report {id} did not become Ready; last: {shown.LastOrDefault()}");
            await using var scope = App.Services.CreateAsyncScope();
            var row = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Tellal.Reports.Requests.ReportRequest>()
                .AsNoTracking().FirstAsync(r => r.Id == id);
            stored.Add((row.Status.ToString(), row.Version));
            shown.Add(await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}"));
            if (shown[^1].GetProperty("status").GetString() == "Running" && refusedDownload is null)
            {
                var download = await requester.GetAsync($"/api/reports/{id}/file");
                refusedDownload = (download.StatusCode, download.StatusCode == HttpStatusCode.Conflict
                    ? (await download.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()
                    : null);
                listedRunning = (await requester.GetFromJsonAsync<JsonElement>("/api/reports?status=Running")).EnumerateArray()
                    .Any(r => r.GetProperty("id").GetGuid() == id && r.GetProperty("status").GetString() == "Running");
                listedQueued = (await requester.GetFromJsonAsync<JsonElement>("/api/reports?status=Queued")).EnumerateArray()
                    .Any(r => r.GetProperty("id").GetGuid() == id);
                // These three answers count only if the run was still going after them (a slow machine may finish it
                // meanwhile); otherwise the next Running sample takes them again.
                if ((await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}")).GetProperty("status").GetString() != "Running")
                {
                    (refusedDownload, listedRunning, listedQueued) = (null, null, null);
                }
            }

            await Task.Delay(50);
        }
        while (stored[^1].Status != "Ready");

        Assert.Equal([("Queued", 0), ("Ready", 1)], stored.Distinct());
        Assert.Equal((HttpStatusCode.Conflict, "The report is Running."), refusedDownload);
        Assert.Equal((true, false), (listedRunning, listedQueued));
        var running = shown.Where(s => s.GetProperty("status").GetString() == "Running").ToList();
        Assert.Contains(running, s => s.GetProperty("progress").GetInt32() is > 0 and < 100 && s.GetProperty("stage").GetString() is { Length: > 0 });
        var startedAt = running[0].GetProperty("startedAt").GetDateTimeOffset();
        var ready = await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal(("Ready", 100), (ready.GetProperty("status").GetString(), ready.GetProperty("progress").GetInt32()));
        Assert.Equal(JsonValueKind.Null, ready.GetProperty("stage").ValueKind);
        Assert.Equal(startedAt, ready.GetProperty("startedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_report_with_personal_data_waits_for_an_approver_other_than_the_requester()
    {
        var approver = await App.NewUserAsync(TellalPolicies.Approver);
        await using var approverPopups = await NotificationListener.ConnectAsync(App, approver);
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        await using var requesterPopups = await NotificationListener.ConnectAsync(App, requester);

        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "afk-customers", format = "xlsx" });
        Assert.Equal("PendingApproval", (await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}")).GetProperty("status").GetString());
        var ask = await approverPopups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id);
        Assert.Equal("report.approval-requested", ask.GetProperty("kind").GetString());
        var pending = await approver.GetFromJsonAsync<JsonElement>("/api/approvals");
        Assert.Contains(pending.EnumerateArray(), r => r.GetProperty("id").GetGuid() == id);

        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsync($"/api/reports/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsync($"/api/reports/{id}/approve", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await approver.PostAsync($"/api/reports/{id}/approve", null)).StatusCode);

        await ReportsApp.WaitForStatusAsync(requester, id, "Ready");
        await requesterPopups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id && p.GetProperty("kind").GetString() == "report.ready");
        var file = await requester.GetAsync($"/api/reports/{id}/file");
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PK", Encoding.ASCII.GetString((await file.Content.ReadAsByteArrayAsync())[..2]));
    }

    [Fact]
    public async Task A_pdf_report_downloads_as_a_pdf_with_its_title_chart_and_the_rows_of_the_same_report_as_csv()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var types = await requester.GetFromJsonAsync<JsonElement>("/api/report-types");
        Assert.All(types.EnumerateArray(), type => Assert.Contains("pdf", type.GetProperty("formats").EnumerateArray().Select(f => f.GetString())));
        var admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var openApi = await admin.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        Assert.Contains("Pdf", schemas.GetProperty("ReportFormat").GetProperty("enum").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("pdf", schemas.GetProperty("SubmitReportRequest").GetProperty("properties").GetProperty("format").GetProperty("description").GetString(), StringComparison.Ordinal);
        var to = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1);
        var from = to.AddDays(-89);
        object Request(string format) => new
        {
            reportType = "weekend-snack-brands",
            title = "Hafta sonu atıştırmalıkları",
            parameters = new { from = from.ToString("yyyy-MM-dd"), to = to.ToString("yyyy-MM-dd") },
            format,
        };
        var pdfId = await ReportsApp.SubmitAsync(requester, Request("pdf"));
        var csvId = await ReportsApp.SubmitAsync(requester, Request("csv"));
        var ready = (await ReportsApp.WaitForStatusAsync(requester, pdfId, "Ready"))[^1];
        await ReportsApp.WaitForStatusAsync(requester, csvId, "Ready");

        Assert.Equal("Pdf", ready.GetProperty("format").GetString());
        var file = await requester.GetAsync(ready.GetProperty("downloadUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, file.StatusCode);
        Assert.Equal("application/pdf", file.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Hafta-sonu-atıştırmalıkları.pdf", file.Content.Headers.ContentDisposition?.FileNameStar);
        var pdf = await file.Content.ReadAsByteArrayAsync();
        Assert.Equal(ready.GetProperty("fileSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(pdf)));

        var text = await Poppler.TextAsync(pdf);
        Assert.Contains($"Brands of the biggest weekend snackers, {from:yyyy-MM-dd} to {to:yyyy-MM-dd}", text, StringComparison.Ordinal);
        Assert.Single(await Poppler.ImagesAsync(pdf));
        var csv = Encoding.UTF8.GetString(await requester.GetByteArrayAsync($"/api/reports/{csvId}/file")).TrimStart('\uFEFF')
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')).ToList();
        Assert.Contains(csv, row => row[0].Any(c => c > 127)); // Ülker and Uludağ are among the seeded brands
        var first = csv[0];
        Assert.Matches(string.Join(" +", [
            Regex.Escape(first[0]), Regex.Escape(first[1]),
            .. first[2..5],
            Regex.Escape(decimal.Parse(first[5], CultureInfo.InvariantCulture).ToString("N2", CultureInfo.InvariantCulture)),
            Regex.Escape(decimal.Parse(first[6], CultureInfo.InvariantCulture).ToString("P2", CultureInfo.InvariantCulture)),
        ]), text);
        Assert.All(csv, row => Assert.Contains(row[0], text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rejected_report_tells_its_owner_why()
    {
        var approver = await App.NewUserAsync(TellalPolicies.Approver);
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        await using var popups = await NotificationListener.ConnectAsync(App, requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "afk-customers" });

        var noReason = await approver.PostAsJsonAsync($"/api/reports/{id}/reject", new { reason = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await approver.PostAsJsonAsync($"/api/reports/{id}/reject", new { reason = "Not for this quarter." })).StatusCode);

        var report = await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("Rejected", report.GetProperty("status").GetString());
        Assert.Equal("Not for this quarter.", report.GetProperty("rejectionReason").GetString());
        var popup = await popups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id);
        Assert.Equal("report.rejected", popup.GetProperty("kind").GetString());
        Assert.Contains("Not for this quarter.", popup.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submitting_again_with_the_same_idempotency_key_returns_the_same_report()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var request = new { reportType = "top-reviewed-games" };
        var first = await ReportsApp.SubmitAsync(requester, request, "order-42");
        var again = await ReportsApp.SubmitAsync(requester, request, "order-42");
        var other = await ReportsApp.SubmitAsync(requester, request, "order-43");

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        var mine = await requester.GetFromJsonAsync<JsonElement>("/api/reports");
        Assert.Equal(2, mine.GetArrayLength());
    }

    [Fact]
    public async Task A_waiting_report_can_be_cancelled_and_a_finished_one_deleted_with_its_file()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var waiting = await ReportsApp.SubmitAsync(requester, new { reportType = "afk-customers" });
        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/reports/{waiting}/cancel", null)).StatusCode);
        Assert.Equal("Cancelled", (await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{waiting}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await requester.PostAsync($"/api/reports/{waiting}/cancel", null)).StatusCode);

        var done = await ReportsApp.SubmitAsync(requester, new { reportType = "top-reviewed-games" });
        await ReportsApp.WaitForStatusAsync(requester, done, "Ready");
        var path = await FilePathAsync(done);
        Assert.True(File.Exists(path));
        Assert.Equal(HttpStatusCode.NoContent, (await requester.DeleteAsync($"/api/reports/{done}")).StatusCode);
        Assert.False(File.Exists(path));
        Assert.Equal("Deleted", (await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{done}")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await requester.GetAsync($"/api/reports/{done}/file")).StatusCode);
        Assert.DoesNotContain((await requester.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray(), r => r.GetProperty("id").GetGuid() == done);
    }

    [Fact]
    public async Task A_running_report_that_is_cancelled_stops_without_a_file_or_a_ready_popup()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        await using var popups = await NotificationListener.ConnectAsync(App, requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "daily-rentals-trend" });
        await ReportsApp.WaitForStatusAsync(requester, id, "Running");

        Assert.Equal(HttpStatusCode.OK, (await requester.PostAsync($"/api/reports/{id}/cancel", null)).StatusCode);
        // The worker noticed the cancel and settled the message, and whatever it published has reached the hub.
        using var node = App.CreateClient();
        await NodeMetrics.SettledAsync([node], "the cancelled report's message and any notification are handled",
            NodeMetrics.GenerateReport, NodeMetrics.NotificationRequested, NodeMetrics.NotificationCreated);
        var report = await requester.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
        Assert.Equal("Cancelled", report.GetProperty("status").GetString());
        Assert.Empty(Directory.Exists(Path.Combine(App.DataDirectory, "reports"))
            ? Directory.GetFiles(Path.Combine(App.DataDirectory, "reports"), $"{id:N}*")
            : []);
        Assert.DoesNotContain(popups.Received, p => p.GetProperty("reportId").GetGuid() == id);
    }

    [Fact]
    public async Task A_report_that_runs_past_its_timeout_fails_and_its_owner_is_told()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        await using var popups = await NotificationListener.ConnectAsync(App, requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "top-players" });

        var failed = (await ReportsApp.WaitForStatusAsync(requester, id, "Failed"))[^1];
        Assert.Contains("did not finish within", failed.GetProperty("error").GetString(), StringComparison.Ordinal);
        var popup = await popups.WaitForAsync(p => p.GetProperty("reportId").GetGuid() == id);
        Assert.Equal("report.failed", popup.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Someone_elses_report_and_file_are_not_found()
    {
        var owner = await App.NewUserAsync(TellalPolicies.Requester);
        var stranger = await App.NewUserAsync(TellalPolicies.Requester);
        var id = await ReportsApp.SubmitAsync(owner, new { reportType = "top-reviewed-games" });
        await ReportsApp.WaitForStatusAsync(owner, id, "Ready");

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/reports/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/reports/{id}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.PostAsync($"/api/reports/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.DeleteAsync($"/api/reports/{id}")).StatusCode);
        Assert.Empty((await stranger.GetFromJsonAsync<JsonElement>("/api/reports")).EnumerateArray());
        var admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/reports/{id}")).StatusCode);
    }

    [Fact]
    public async Task An_expired_report_loses_its_file()
    {
        var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var id = await ReportsApp.SubmitAsync(requester, new { reportType = "top-reviewed-games", lifetime = "10m" });
        await ReportsApp.WaitForStatusAsync(requester, id, "Ready");
        var path = await FilePathAsync(id);

        // The expiry timer is already in the outbox, due in ten minutes; bring that moment forward.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            var past = DateTimeOffset.UtcNow.AddMinutes(-1);
            await db.Set<Tellal.Reports.Requests.ReportRequest>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, past));
            await db.Set<Messaging.Outbox.OutboxMessage>().Where(m => m.Subject == $"report/{id}")
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.DueAt, past.ToUnixTimeMilliseconds()));
        }

        await ReportsApp.WaitForStatusAsync(requester, id, "Expired");
        Assert.False(File.Exists(path));
        Assert.Equal(HttpStatusCode.Conflict, (await requester.GetAsync($"/api/reports/{id}/file")).StatusCode);
    }

    private async Task<string> FilePathAsync(Guid id)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var report = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Tellal.Reports.Requests.ReportRequest>().AsNoTracking().FirstAsync(r => r.Id == id);
        return Path.Combine(App.DataDirectory, "reports", report.FileName!);
    }

    /// <summary>Rentals and revenue per UTC day, computed from the rentals' timestamps in memory: not the report's SQL.</summary>
    private async Task<List<(DateOnly Day, long Rentals, decimal Revenue)>> IndependentDailyTrendAsync(DateOnly from, DateOnly to)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var rentals = await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<Rental>().AsNoTracking().ToListAsync();
        var byDay = rentals.GroupBy(r => DateOnly.FromDateTime(r.RentedAt.UtcDateTime)).ToDictionary(g => g.Key);
        return Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).Select(day =>
            byDay.TryGetValue(day, out var rented) ? (day, (long)rented.Count(), rented.Sum(r => r.PriceCents) / 100m) : (day, 0L, 0m)).ToList();
    }

    private static List<(DateOnly Day, long Rentals, decimal Revenue)> ParseCsv(byte[] bytes)
    {
        var lines = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Day,Rentals,Revenue", lines[0]);
        return lines.Skip(1).Select(line => line.Split(',')).Select(f => (
            DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture),
            long.Parse(f[1], CultureInfo.InvariantCulture),
            decimal.Parse(f[2], CultureInfo.InvariantCulture))).ToList();
    }

    private static async Task<JsonElement> WaitForEmailAsync(string address)
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var emails = await http.GetFromJsonAsync<JsonElement>($"{TestEnvironment.MaildevApi}/email");
            foreach (var email in emails.EnumerateArray())
            {
                if (email.GetProperty("to").EnumerateArray().Any(t => t.GetProperty("address").GetString() == address))
                {
                    return email;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"No email to {address} arrived.");
            await Task.Delay(200);
        }
    }
}
