using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Contracts.Rentals;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Integration.Tests.Reports;
using Tellal.Messaging.Outbox;
using Tellal.Platform.Storage;
using Tellal.Reports.Warehouse.Counter;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Rentals;

/// <summary>A rental from the counter to stock and back: confirmation, rejection of a whole order, returns that count once.</summary>
public sealed class RentalFlowTests(RentalsApp rentals) : IClassFixture<RentalsApp>
{
    private const string RentalReturnedType = "tellal.rentals.rental-returned.v1";
    private const string RentalConfirmedType = "tellal.inventory.rental-confirmed.v1";

    private TellalApp App => rentals.App;

    [Fact]
    public async Task A_rental_in_stock_is_confirmed_reserves_its_copies_tells_the_clerk_and_reaches_the_warehouse()
    {
        var game = rentals.NewGame();
        await using var popups = await NotificationListener.ConnectAsync(App, rentals.Clerk);

        var id = await RentalsApp.RentAsync(rentals.Clerk, 17, (game, 2));
        var rental = await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");

        Assert.Equal(17, rental.GetProperty("customerId").GetInt64());
        Assert.Equal(game, rental.GetProperty("items")[0].GetProperty("gameId").GetInt64());
        Assert.Equal(2, rental.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(JsonValueKind.String, rental.GetProperty("decidedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, rental.GetProperty("reason").ValueKind);
        Assert.Equal((RentalsApp.CopiesPerGame, 2, RentalsApp.CopiesPerGame - 2), await RentalsApp.StockAsync(rentals.Clerk, game));

        var popup = await popups.WaitForAsync(p => p.GetProperty("url").GetString() == $"/rentals/{id}");
        Assert.Equal("rental-confirmed", popup.GetProperty("kind").GetString());
        var inbox = await rentals.Clerk.GetFromJsonAsync<JsonElement>("/api/notifications?limit=500");
        Assert.Single(inbox.GetProperty("items").EnumerateArray(), n => n.GetProperty("url").GetString() == $"/rentals/{id}");

        // One warehouse rental per copy, so reports requested from now on count both.
        await Eventually.HoldsAsync(async () => await WarehouseRowsAsync(id) == 2, "the rental is in the warehouse");
    }

    [Fact]
    public async Task A_report_requested_after_a_confirmed_rental_counts_its_copies()
    {
        var game = rentals.NewGame();
        using var admin = await App.SignedInClientAsync("admin", TellalApp.AdminPassword);
        var before = await RentalsTodayAsync(admin);

        var id = await RentalsApp.RentAsync(rentals.Clerk, 22, (game, 2));
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        await Eventually.HoldsAsync(async () => await WarehouseRowsAsync(id) == 2, "the rental is in the warehouse");

        Assert.Equal(before + 2, await RentalsTodayAsync(admin));
    }

    [Fact]
    public async Task An_order_with_one_short_game_is_rejected_whole_naming_that_game_and_reserves_nothing()
    {
        var (plenty, scarce) = (rentals.NewGame(), rentals.NewGame());
        await using var popups = await NotificationListener.ConnectAsync(App, rentals.Clerk);

        var id = await RentalsApp.RentAsync(rentals.Clerk, 18, (plenty, 1), (scarce, RentalsApp.CopiesPerGame + 1));
        var rental = await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Rejected");

        var title = (await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/inventory/games/{scarce}")).GetProperty("title").GetString()!;
        Assert.Contains(title, rental.GetProperty("reason").GetString());
        Assert.Equal((RentalsApp.CopiesPerGame, 0, RentalsApp.CopiesPerGame), await RentalsApp.StockAsync(rentals.Clerk, plenty));
        Assert.Equal((RentalsApp.CopiesPerGame, 0, RentalsApp.CopiesPerGame), await RentalsApp.StockAsync(rentals.Clerk, scarce));
        var popup = await popups.WaitForAsync(p => p.GetProperty("url").GetString() == $"/rentals/{id}");
        Assert.Equal("rental-rejected", popup.GetProperty("kind").GetString());
        Assert.Contains(title, popup.GetProperty("message").GetString());

        // A rejected rental was never out: there is nothing to return.
        Assert.Equal(HttpStatusCode.Conflict, (await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null)).StatusCode);
    }

    [Fact]
    public async Task Returning_a_rental_twice_gives_its_copies_back_once()
    {
        var game = rentals.NewGame();
        var id = await RentalsApp.RentAsync(rentals.Clerk, 19, (game, RentalsApp.CopiesPerGame));
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        Assert.Equal(0, (await RentalsApp.StockAsync(rentals.Clerk, game)).Available);

        var first = await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null);
        var second = await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var returned = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Returned", returned.GetProperty("status").GetString());
        // The second return changed nothing (SQLite keeps timestamps to the millisecond, so compare stored values).
        Assert.Equal(returned.GetProperty("returnedAt").GetDateTimeOffset(),
            (await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals/{id}")).GetProperty("returnedAt").GetDateTimeOffset());
        await AllHandledAsync();
        Assert.Equal((RentalsApp.CopiesPerGame, 0, RentalsApp.CopiesPerGame), await RentalsApp.StockAsync(rentals.Clerk, game));
        await Eventually.HoldsAsync(async () => await WarehouseRowsAsync(id, returned: true) == RentalsApp.CopiesPerGame,
            "the return is in the warehouse");
    }

    [Fact]
    public async Task The_returned_message_handled_again_gives_nothing_back_a_second_time()
    {
        var game = rentals.NewGame();
        var kept = await RentalsApp.RentAsync(rentals.Clerk, 20, (game, 1));
        var id = await RentalsApp.RentAsync(rentals.Clerk, 21, (game, 2));
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, kept, "Confirmed");
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        var returned = await (await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null)).Content.ReadFromJsonAsync<JsonElement>();
        await AllHandledAsync();
        Assert.Equal((RentalsApp.CopiesPerGame, 1, RentalsApp.CopiesPerGame - 1), await RentalsApp.StockAsync(rentals.Clerk, game));

        // As a replayed dead letter or a producer's retry would deliver it: the same return, as a new message.
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var publisher = scope.ServiceProvider.GetRequiredService<IMessagePublisher>();
            publisher.Publish(new RentalReturned(id, 21, [new RentalItem(game, 2)], returned.GetProperty("returnedAt").GetDateTimeOffset()));
            await scope.ServiceProvider.GetRequiredService<TellalDbContext>().SaveChangesAsync();
        }

        await AllHandledAsync();
        Assert.Equal((RentalsApp.CopiesPerGame, 1, RentalsApp.CopiesPerGame - 1), await RentalsApp.StockAsync(rentals.Clerk, game));
        Assert.Equal("Confirmed", (await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals/{kept}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Rentals_are_listed_newest_first_by_status_and_customer()
    {
        var game = rentals.NewGame();
        var customer = 700 + game;
        var confirmed = await RentalsApp.RentAsync(rentals.Clerk, customer, (game, 1));
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, confirmed, "Confirmed");
        var rejected = await RentalsApp.RentAsync(rentals.Clerk, customer, (game, RentalsApp.CopiesPerGame));
        await RentalsApp.WaitForStatusAsync(rentals.Clerk, rejected, "Rejected");

        var all = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals?customerId={customer}");
        Assert.Equal([rejected, confirmed], all.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        Assert.Equal(2, all.GetProperty("totalCount").GetInt32());
        var onlyRejected = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals?customerId={customer}&status=rejected");
        Assert.Equal([rejected], onlyRejected.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        var unfiltered = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals?status=&customerId={customer}");
        Assert.Equal(2, unfiltered.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await rentals.Clerk.GetAsync("/api/rentals?status=Lost")).StatusCode);
    }

    [Fact]
    public async Task Stock_is_searched_by_title_and_paged()
    {
        var title = (await rentals.Clerk.GetFromJsonAsync<JsonElement>("/api/inventory/games/1")).GetProperty("title").GetString()!;
        var found = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/inventory?search={Uri.EscapeDataString(title.ToUpperInvariant())}");
        Assert.Contains(found.GetProperty("items").EnumerateArray(), g => g.GetProperty("gameId").GetInt64() == 1);

        var second = await rentals.Clerk.GetFromJsonAsync<JsonElement>("/api/inventory?page=2");
        Assert.Equal(RentalsApp.Games, second.GetProperty("totalCount").GetInt32());
        Assert.Equal(2, second.GetProperty("page").GetInt32());
        Assert.NotEmpty(second.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await rentals.Clerk.GetAsync($"/api/inventory/games/{RentalsApp.Games + 1}")).StatusCode);
    }

    /// <summary>Every rental event sent so far has been handled: what a test asserts next is final, not in flight.</summary>
    private async Task AllHandledAsync()
    {
        using var node = App.CreateClient();
        await NodeMetrics.SettledAsync([node], "the rental events are handled", RentalReturnedType, RentalConfirmedType);
    }

    /// <summary>Today's rentals as the daily trend report counts them (a report produced now, read from its CSV).</summary>
    private static async Task<long> RentalsTodayAsync(HttpClient client)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var report = await ReportsApp.SubmitAsync(client, new { reportType = "daily-rentals-trend", format = "csv", parameters = new { from = today, to = today } });
        await ReportsApp.WaitForStatusAsync(client, report, "Ready");
        var csv = await client.GetStringAsync($"/api/reports/{report}/file");
        var row = csv.Split('\n').Single(line => line.StartsWith(today, StringComparison.Ordinal));
        return long.Parse(row.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<int> WarehouseRowsAsync(Guid order, bool returned = false)
    {
        await using var scope = App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TellalDbContext>().Set<CounterRental>()
            .CountAsync(r => r.OrderId == order && (!returned || r.ReturnedAt != null));
    }
}
