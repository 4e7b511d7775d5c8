using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Rentals;

/// <summary>
/// The stock page's live counts: each reservation and return reaches the clerks' <c>/hubs/stock</c> connections as
/// <c>StockChanged</c> (published with the change, consumed by the web role, pushed through the hub), newest per game.
/// </summary>
public sealed class StockPushTests(RentalsApp rentals) : IClassFixture<RentalsApp>
{
    private TellalApp App => rentals.App;

    [Fact]
    public async Task A_reservation_and_its_return_reach_a_stock_hub_client_as_stock_changed()
    {
        var game = rentals.NewGame();
        await using var stock = await ConnectAsync(rentals.Clerk);

        var id = await RentalsApp.RentAsync(rentals.Clerk, 31, (game, 2));
        await Eventually.HoldsAsync(() => Task.FromResult(stock.Newest(game) is (RentalsApp.CopiesPerGame, 2, RentalsApp.CopiesPerGame - 2, _)),
            "the reservation is pushed");
        var reserved = stock.Newest(game)!.Value.Version;
        // The API shows the same reading with the same version, so a page knows which of the two is newer.
        var read = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/inventory/games/{game}");
        Assert.Equal(reserved, read.GetProperty("version").GetInt64());
        var pushed = stock.ChangesOf(game).Last();
        Assert.Equal(game, pushed.GetProperty("gameId").GetInt64());
        Assert.Equal(JsonValueKind.String, pushed.GetProperty("changedAt").ValueKind);

        await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        Assert.Equal(HttpStatusCode.OK, (await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null)).StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(stock.Newest(game) is (RentalsApp.CopiesPerGame, 0, RentalsApp.CopiesPerGame, var v) && v > reserved),
            "the return is pushed with a newer version");
    }

    [Fact]
    public async Task A_burst_on_one_game_is_pushed_as_at_most_one_change_per_game_per_push_ending_with_the_last()
    {
        var game = rentals.NewGame();
        await using var stock = await ConnectAsync(rentals.Clerk);

        var ids = await Task.WhenAll(Enumerable.Range(0, RentalsApp.CopiesPerGame).Select(c => RentalsApp.RentAsync(rentals.Clerk, 40 + c, (game, 1))));
        foreach (var id in ids)
        {
            await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        }

        await Eventually.HoldsAsync(() => Task.FromResult(stock.Newest(game) is (RentalsApp.CopiesPerGame, RentalsApp.CopiesPerGame, 0, _)),
            "the last reservation is pushed");
        Assert.All(stock.Pushes, push => Assert.Equal(push.Count, push.Select(c => c.GetProperty("gameId").GetInt64()).Distinct().Count()));
        // Coalesced or not, never more than the changes made.
        Assert.InRange(stock.ChangesOf(game).Count, 1, RentalsApp.CopiesPerGame);
    }

    [Fact]
    public async Task Only_clerks_and_admins_may_connect()
    {
        using var requester = await App.NewUserAsync(TellalPolicies.Requester);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(requester));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);
        await using var allowed = await ConnectAsync(admin);
    }

    private Task<StockListener> ConnectAsync(HttpClient signedIn) =>
        StockListener.ConnectAsync(App.Server.BaseAddress, HubClient.TokenOf(signedIn), App.Server.CreateHandler);
}
