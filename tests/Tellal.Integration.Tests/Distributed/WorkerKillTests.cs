using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>Failure drill 1: `kill -9` of a worker while reports run on it.</summary>
[Collection(Cluster.Collection)]
public sealed class WorkerKillTests(Cluster cluster)
{
    [Fact]
    public async Task Reports_running_on_a_worker_killed_with_SIGKILL_are_redelivered_and_finish_on_the_other_worker_once_each()
    {
        await using var client = await cluster.NewRequesterAsync();
        var reports = new List<(ClusterClient, Guid)>();
        for (var i = 0; i < 40; i++)
        {
            reports.Add((client, await client.SubmitAsync()));
        }

        // More reports running than one worker takes at a time (its prefetch): both workers hold some.
        var ids = reports.Select(r => r.Item2).ToArray();
        await Eventually.HoldsAsync(async () => await cluster.CountAsync(
                """SELECT COUNT(*) FROM rpt_requests WHERE "Status" = 'Running' AND "Id" = ANY(@ids)""", ("ids", ids)) > 20,
            "reports run on both workers", TimeSpan.FromSeconds(60));
        await cluster.WorkerA.KillAsync();
        try
        {
            // Only worker B is left to finish what A held.
            await ExactlyOnce.AssertEveryReportReadyOnceAsync(cluster, reports, TimeSpan.FromSeconds(180));
        }
        finally
        {
            await cluster.RestartAsync(cluster.WorkerA);
        }
    }
}
