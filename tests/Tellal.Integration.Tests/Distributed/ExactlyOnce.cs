using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// The end state every drill must reach, counted where each outcome lands: the report row (Ready), its file (one
/// stored file, downloadable through Nginx with the recorded size and hash), the owner's inbox (one notification)
/// and maildev (one email).
/// </summary>
internal static class ExactlyOnce
{
    public static async Task AssertEveryReportReadyOnceAsync(Cluster cluster, IReadOnlyList<(ClusterClient Owner, Guid Id)> reports, TimeSpan timeout)
    {
        var ids = reports.Select(r => r.Id).ToArray();
        await Eventually.HoldsAsync(async () => await ReadyAsync(cluster, ids) == ids.Length, $"all {ids.Length} reports are Ready", timeout);
        await Eventually.HoldsAsync(async () => (await EmailsPerReportAsync(ids)).Count == ids.Length, "every report's email arrives", timeout);

        // Every notification and email published so far has been handled: a duplicate would be counted below.
        await NodeMetrics.SettledAsync(cluster.Nodes.Select(node => node.BaseAddress), "every notification and email is handled",
            NodeMetrics.NotificationRequested, NodeMetrics.SendEmail);
        Assert.Equal(ids.Length, await ReadyAsync(cluster, ids));
        Assert.Equal(ids.Length, await cluster.CountAsync(
            """SELECT COUNT(*) FROM ntf_notifications WHERE "Kind" = 'report.ready' AND "ReportId" = ANY(@ids)""", ("ids", ids)));
        Assert.Equal(ids.Length, await cluster.CountAsync(
            """SELECT COUNT(*) FROM rpt_file_chunks WHERE "Index" = 0 AND left("FileName", 32) = ANY(@names)""", ("names", ids.Select(id => id.ToString("N")).ToArray())));
        var emails = await EmailsPerReportAsync(ids);
        Assert.All(ids, id => Assert.Equal(1, emails.GetValueOrDefault(id)));

        foreach (var group in reports.GroupBy(r => r.Owner))
        {
            var inbox = await group.Key.Http.GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
            var ready = inbox.GetProperty("items").EnumerateArray()
                .Where(n => n.GetProperty("kind").GetString() == "report.ready")
                .Select(n => n.GetProperty("reportId").GetGuid())
                .ToList();
            Assert.All(group, report => Assert.Single(ready, report.Id));
        }
    }

    private static Task<long> ReadyAsync(Cluster cluster, Guid[] ids) =>
        cluster.CountAsync("""SELECT COUNT(*) FROM rpt_requests WHERE "Status" = 'Ready' AND "Id" = ANY(@ids)""", ("ids", ids));

    /// <summary>Emails per report, found by the report's link in the text (maildev is shared by every test).</summary>
    private static async Task<Dictionary<Guid, int>> EmailsPerReportAsync(Guid[] ids)
    {
        using var http = new HttpClient();
        var emails = await http.GetFromJsonAsync<JsonElement>($"{TestEnvironment.MaildevApi}/email");
        var texts = emails.EnumerateArray().Select(e => e.GetProperty("text").GetString() ?? "").ToList();
        return ids.Select(id => (id, count: texts.Count(t => t.Contains($"/reports/{id}", StringComparison.Ordinal))))
            .Where(x => x.count > 0)
            .ToDictionary(x => x.id, x => x.count);
    }
}
