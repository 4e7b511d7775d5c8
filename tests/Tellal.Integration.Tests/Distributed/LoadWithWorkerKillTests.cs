using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>Failure drill 7: a thousand requests from fifty clients through Nginx, a worker killed half-way.</summary>
[Collection(Cluster.Collection)]
public sealed class LoadWithWorkerKillTests(Cluster cluster)
{
    private const int Clients = 50;
    private const int ReportsPerClient = 20;

    [Fact]
    public async Task A_thousand_reports_from_fifty_concurrent_clients_all_end_Ready_once_though_a_worker_is_killed_midway()
    {
        var clients = await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => cluster.NewRequesterAsync()));
        try
        {
            var submitted = 0;
            var halfway = new TaskCompletionSource();
            var killer = Task.Run(async () =>
            {
                await halfway.Task;
                await cluster.WorkerB.KillAsync();
            });
            var perClient = await Task.WhenAll(clients.Select(async client =>
            {
                var mine = new List<(ClusterClient, Guid)>();
                for (var i = 0; i < ReportsPerClient; i++)
                {
                    mine.Add((client, await client.SubmitAsync()));
                    if (Interlocked.Increment(ref submitted) == Clients * ReportsPerClient / 2)
                    {
                        halfway.SetResult();
                    }
                }

                return mine;
            }));
            await killer;

            var reports = perClient.SelectMany(r => r).ToList();
            Assert.Equal(Clients * ReportsPerClient, reports.Count);
            await ExactlyOnce.AssertEveryReportReadyOnceAsync(cluster, reports, TimeSpan.FromMinutes(6));
        }
        finally
        {
            await cluster.RestartAsync(cluster.WorkerB);
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }
}
