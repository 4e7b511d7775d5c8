using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>The multi-node harness itself: everything through Nginx, every role in processes of its own.</summary>
[Collection(Cluster.Collection)]
public sealed class ClusterTests(Cluster cluster)
{
    [Fact]
    public async Task A_client_through_Nginx_gets_popups_and_files_of_reports_that_workers_in_other_processes_produced()
    {
        await using var client = await cluster.NewRequesterAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await client.SubmitAsync());
        }

        await Eventually.HoldsAsync(
            () => Task.FromResult(ids.All(id => client.Live.Any(p => p.GetProperty("kind").GetString() == "report.ready" && p.GetProperty("reportId").GetGuid() == id))),
            "every report's popup reaches the client through Nginx", TimeSpan.FromSeconds(120));

        // The workers wrote the files on their machines; the web nodes (other data directories) serve them.
        foreach (var id in ids)
        {
            var report = await client.Http.GetFromJsonAsync<JsonElement>($"/api/reports/{id}");
            Assert.Equal("Ready", report.GetProperty("status").GetString());
            var download = await client.Http.GetAsync($"/api/reports/{id}/file");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            var bytes = await download.Content.ReadAsByteArrayAsync();
            Assert.Equal(report.GetProperty("fileSize").GetInt64(), bytes.LongLength);
            Assert.Equal(report.GetProperty("fileSha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        await ExactlyOnce.AssertEveryReportReadyOnceAsync(cluster, ids.Select(id => (client, id)).ToList(), TimeSpan.FromSeconds(60));
    }
}
