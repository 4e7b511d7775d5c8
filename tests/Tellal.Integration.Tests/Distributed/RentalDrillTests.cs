using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Integration.Tests.Rentals;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// The stock drill: far more orders than copies, from many clerks at once, while one of the two inventory consumers is
/// killed with SIGKILL. Exactly the copies that exist are rented, the rest refused, and stock never goes below zero.
/// It runs on the Local transport (the embedded default) and with the rental and stock streams on the test Kafka cluster.
/// A stock page watches it all on the web node: the burst reaches it coalesced, ending with the final counts.
/// </summary>
public sealed class RentalDrillTests(ITestOutputHelper output)
{
    private const int Copies = 100;
    private const int Clients = 20;
    private const int OrdersPerClient = 50;
    private const long Game = 1;

    public static TheoryData<string> Transports => ["local", "kafka"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task A_thousand_orders_from_twenty_clerks_for_a_hundred_copies_confirm_exactly_a_hundred_though_a_worker_is_killed_midway(string transport)
    {
        await using var cluster = await RentalCluster.StartAsync(Copies, DrillTransport.Settings(transport));
        await using var stockPage = await StockListener.ConnectAsync(cluster.Web.BaseAddress, HubClient.TokenOf(cluster.Admin));
        // One after the other: the drill is about orders, not about a burst of password hashing on the web node.
        var clerks = new List<HttpClient>();
        for (var c = 0; c < Clients; c++)
        {
            clerks.Add(await cluster.NewClerkAsync());
        }

        try
        {
            var samples = new ConcurrentBag<(int Total, int Reserved, int Available)>();
            using var sampling = new CancellationTokenSource();
            var killed = new TaskCompletionSource<double>();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    var stock = await RentalsApp.StockAsync(cluster.Admin, Game);
                    samples.Add(stock);
                    // Half the copies are out: reservations are under way, so the worker doing them dies mid-stream. On Kafka one
                    // game's events share a partition, which one worker of the group owns: that one is killed, and the other
                    // takes the partition over once the group notices; on Local both compete, and the busier one is killed.
                    if (stock.Reserved >= Copies / 2 && !killed.Task.IsCompleted)
                    {
                        var (worker, handled) = await BusierWorkerAsync(cluster);
                        await worker.KillAsync();
                        killed.SetResult(handled);
                    }
                }
            });

            var orders = await Task.WhenAll(clerks.Select(async (clerk, c) =>
            {
                var mine = new List<Guid>();
                for (var i = 0; i < OrdersPerClient; i++)
                {
                    mine.Add(await RentalsApp.RentAsync(clerk, 1 + ((c * OrdersPerClient) + i) % RentalsApp.Customers, (Game, 1)));
                }

                return mine;
            }));
            Assert.Equal(Clients * OrdersPerClient, orders.Sum(o => o.Count));

            await Eventually.HoldsAsync(async () => await cluster.CountAsync("Confirmed") + await cluster.CountAsync("Rejected") == Clients * OrdersPerClient,
                "every order is decided", TimeSpan.FromMinutes(6));
            await sampling.CancelAsync();
            await sampler;

            Assert.True(killed.Task.IsCompleted, "a worker was killed while copies were being reserved");
            Assert.True(await killed.Task > 0, "the killed worker had been reserving copies");
            Assert.Equal(Copies, await cluster.CountAsync("Confirmed"));
            Assert.Equal(Clients * OrdersPerClient - Copies, await cluster.CountAsync("Rejected"));
            Assert.Equal(0, await cluster.CountAsync("Pending"));
            Assert.NotEmpty(samples);
            Assert.All(samples, s => Assert.True(s.Available >= 0 && s.Reserved + s.Available == s.Total, $"sampled {s}"));
            Assert.Equal((Copies, Copies, 0), await RentalsApp.StockAsync(cluster.Admin, Game));

            await Eventually.HoldsAsync(() => Task.FromResult(stockPage.Newest(Game) is (Copies, Copies, 0, _)), "the stock page got the final counts");
            Assert.All(stockPage.Pushes, push => Assert.Equal(push.Count, push.Select(c => c.GetProperty("gameId").GetInt64()).Distinct().Count()));
            output.WriteLine($"{transport}: {Copies} reservations reached the stock page as {stockPage.ChangesOf(Game).Count} change(s) in {stockPage.Pushes.Count} push(es)");
        }
        finally
        {
            foreach (var clerk in clerks)
            {
                clerk.Dispose();
            }
        }
    }

    private static async Task<(TellalProcess Worker, double Handled)> BusierWorkerAsync(RentalCluster cluster)
    {
        var counted = await Task.WhenAll(new[] { cluster.WorkerA, cluster.WorkerB }.Select(async worker => (Worker: worker,
            Handled: await NodeMetrics.SumAsync([worker.BaseAddress], "tellal_messages_handled_total", ("queue", Inventory.InventoryModule.RentalsQueue)))));
        return counted.MaxBy(c => c.Handled);
    }
}
