using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Integration.Tests.Rentals;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Distributed;

/// <summary>
/// The stock page on two web nodes: a change is consumed by one of them (<c>inventory.push</c> is a web-role queue, as
/// <c>notifications.push</c>) and SignalR's Redis backplane brings that node's push to the stock pages on the other.
/// </summary>
[Collection(Cluster.Collection)]
public sealed class StockPushClusterTests(Cluster cluster)
{
    private const long Game = 13;

    [Fact]
    public async Task A_rental_through_one_web_node_reaches_the_stock_pages_on_both()
    {
        using var admin = await cluster.WebA.SignInAsync("admin", cluster.AdminPassword);
        await Eventually.HoldsAsync(async () => (await admin.GetAsync($"/api/inventory/games/{Game}")).StatusCode == HttpStatusCode.OK,
            "the catalogue reached Inventory");
        var token = HubClient.TokenOf(admin);
        await using var onA = await StockListener.ConnectAsync(cluster.WebA.BaseAddress, token);
        await using var onB = await StockListener.ConnectAsync(cluster.WebB.BaseAddress, token);
        var before = await RentalsApp.StockAsync(admin, Game);
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/games/{Game}")).GetProperty("version").GetInt64();

        var id = await RentalsApp.RentAsync(admin, 1, (Game, 1));
        await RentalsApp.WaitForStatusAsync(admin, id, "Confirmed");

        foreach (var (node, page) in new[] { ("web A", onA), ("web B", onB) })
        {
            await Eventually.HoldsAsync(() => Task.FromResult(page.Newest(Game) is (var total, var reserved, _, var pushed)
                    && total == before.Total && reserved == before.Reserved + 1 && pushed > version),
                $"the stock page on {node} got the reservation");
        }
    }
}
