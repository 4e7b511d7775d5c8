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
        // Worker B is down while the reports arrive, so the ones running are certainly on worker A.
        await cluster.WorkerB.KillAsync();
        var workerBBack = false;
        try
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.SubmitAsync()));
            await Eventually.HoldsAsync(async () => await cluster.CountAsync(
                    """SELECT COUNT(*) FROM rpt_run_progress WHERE "ReportId" = ANY(@ids)""", ("ids", ids)) >= 4,
                "reports run on worker A", TimeSpan.FromSeconds(60));
            await cluster.WorkerA.KillAsync();

            // Only worker B is left to finish them: the ones A held (unacknowledged) come back from RabbitMQ.
            await cluster.RestartAsync(cluster.WorkerB);
            workerBBack = true;
            await ExactlyOnce.AssertEveryReportReadyOnceAsync(cluster, ids.Select(id => (client, id)).ToList(), TimeSpan.FromSeconds(180));
        }
        finally
        {
            if (!workerBBack)
            {
                await cluster.RestartAsync(cluster.WorkerB);
            }

            await cluster.RestartAsync(cluster.WorkerA);
        }
    }
}
