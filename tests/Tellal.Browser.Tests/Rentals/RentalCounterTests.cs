using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Tellal.Browser.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Testing;

namespace Tellal.Browser.Tests.Rentals;

/// <summary>The counter as a clerk uses it: find a game, rent it, watch the stock drop live, be told when a game is out.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class RentalCounterTests(BrowserFixture fixture)
{
    /// <summary>A game no other browser test rents; the node's games start with 5 copies.</summary>
    private const long Game = 7;
    private const int Copies = 5;

    [Fact]
    public async Task A_clerk_rents_a_game_sees_the_stock_drop_live_is_told_when_it_is_out_and_takes_it_back()
    {
        using var admin = await fixture.Node.SignInAsync("admin", BrowserFixture.AdminPassword);
        await Eventually.HoldsAsync(async () => (await admin.GetAsync($"/api/inventory/games/{Game}")).StatusCode == HttpStatusCode.OK,
            "the catalogue reached the stock");
        var title = (await admin.GetFromJsonAsync<JsonElement>($"/api/inventory/games/{Game}")).GetProperty("title").GetString()!;
        var clerk = await BrowserUsers.CreateAsync(admin, "clerk", TellalPolicies.Clerk);
        await using var context = await fixture.NewContextAsync();

        // The stock page stays open beside the counter: its counts (pushed on /hubs/stock, nothing polled) and its
        // popups change without a reload.
        var stock = await context.NewPageAsync();
        await BrowserFixture.SignInAsync(stock, clerk, BrowserUsers.Password, "/stock");
        await Assertions.Expect(stock.Locator("body[data-hub=connected]")).ToHaveCountAsync(1);
        await Assertions.Expect(stock.Locator("#stock[data-hub=connected]")).ToHaveCountAsync(1);
        await stock.Locator("#stock-query").FillAsync(title);
        await stock.Locator("#stock-query").PressAsync("Enter");
        var available = stock.Locator($"tr[data-game-id='{Game}'] .available");
        await Assertions.Expect(available).ToHaveTextAsync($"{Copies}");

        var counter = await context.NewPageAsync();
        await RentAsync(counter, title, Copies);
        await Assertions.Expect(available).ToHaveTextAsync("0");
        await Assertions.Expect(stock.Locator(".toast.rental-confirmed")).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(stock, "stock-after-rental");

        await RentAsync(counter, title, 1);
        var rejected = stock.Locator(".toast.rental-rejected");
        await Assertions.Expect(rejected).ToHaveCountAsync(1);
        await Assertions.Expect(rejected).ToContainTextAsync(title);

        await counter.OpenAsync("/rentals", "#rental-rows");
        var confirmed = counter.Locator("tr[data-status=Confirmed]");
        await Assertions.Expect(confirmed).ToHaveCountAsync(1);
        await confirmed.Locator("[data-action=return]").ClickAsync();
        await Assertions.Expect(counter.Locator("tr[data-status=Returned]")).ToHaveCountAsync(1);
        await Assertions.Expect(available).ToHaveTextAsync($"{Copies}");
    }

    private static async Task RentAsync(IPage page, string title, int copies)
    {
        await page.OpenAsync("/rentals/new", "#new-rental");
        await page.Locator("#customerId").FillAsync("1");
        await page.Locator("#game-search").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = $"Add {title}", Exact = true }).ClickAsync();
        await page.Locator($"#quantity-{Game}").FillAsync($"{copies}");
        await page.Locator("#submit-rental").ClickAsync();
        await page.WaitForURLAsync("**/rentals/*-*", BrowserFixture.Committed);
    }
}
