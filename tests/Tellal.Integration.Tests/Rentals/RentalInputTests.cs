using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tellal.Platform.Security;

namespace Tellal.Integration.Tests.Rentals;

/// <summary>Bad orders get problem details naming the field, and nothing is stored; only clerks and admins work the counter.</summary>
public sealed class RentalInputTests(RentalsApp rentals) : IClassFixture<RentalsApp>
{
    /// <summary>A customer only this class's refused orders name: any rental of theirs would have been stored by mistake.</summary>
    private const long Customer = 555;

    public static TheoryData<string, string> BadOrders() => new()
    {
        { """{"customerId": 999999, "items": [{"gameId": 1, "quantity": 1}]}""", "customerId" },
        { """{"items": [{"gameId": 1, "quantity": 1}]}""", "customerId" },
        { """{"customerId": 555, "items": [{"gameId": 999999, "quantity": 1}]}""", "items[0].gameId" },
        { """{"customerId": 555, "items": [{"gameId": 1, "quantity": 0}]}""", "items[0].quantity" },
        { """{"customerId": 555, "items": [{"gameId": 1, "quantity": -1}]}""", "items[0].quantity" },
        { """{"customerId": 555, "items": [{"gameId": 1, "quantity": 11}]}""", "items[0].quantity" },
        { """{"customerId": 555, "items": [{"gameId": 1}]}""", "items[0].quantity" },
        { """{"customerId": 555, "items": [{"gameId": 1, "quantity": 1}, {"gameId": 1, "quantity": 2}]}""", "items[1].gameId" },
        { """{"customerId": 555, "items": []}""", "items" },
        { """{"customerId": 555}""", "items" },
        { $$"""{"customerId": 555, "items": [{{string.Join(", ", Enumerable.Range(1, 50).Select(g => $$"""{"gameId": {{g}}, "quantity": 1}"""))}}]}""", "items" },
        { $$"""{"customerId": 555, "items": [{"gameId": 1, "quantity": 1}], "note": "{{new string('n', 501)}}"}""", "note" },
    };

    [Theory]
    [MemberData(nameof(BadOrders))]
    public async Task A_bad_order_is_a_validation_problem_on_its_field_and_nothing_is_stored(string body, string field)
    {
        var response = await rentals.Clerk.PostAsync("/api/rentals", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"No error on {field}: {problem}");
        await AssertNothingStoredAsync();
    }

    [Theory]
    [InlineData("""{"customerId": 555, "items": [{"gameId": 1, "quantity": 1}""")]
    [InlineData("""{"customerId": "five", "items": []}""")]
    [InlineData("not json")]
    public async Task A_body_that_is_not_an_order_is_a_problem_and_nothing_is_stored(string body)
    {
        var response = await rentals.Clerk.PostAsync("/api/rentals", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task The_same_key_returns_the_first_rental_and_with_another_order_is_refused_with_422()
    {
        var game = rentals.NewGame();
        var order = new { customerId = 42, items = new[] { new { gameId = game, quantity = 1 } }, note = "window seat" };
        var key = Guid.NewGuid().ToString();

        var first = await RentalsApp.PostRentalAsync(rentals.Clerk, order, key);
        var retry = await RentalsApp.PostRentalAsync(rentals.Clerk, order, key);
        var other = await RentalsApp.PostRentalAsync(rentals.Clerk, order with { note = "aisle" }, key);

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);
        var listed = await rentals.Clerk.GetFromJsonAsync<JsonElement>("/api/rentals?customerId=42");
        Assert.Equal(1, listed.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task A_requester_may_not_rent_return_or_read_stock_and_a_clerk_may()
    {
        using var requester = await rentals.App.NewUserAsync(TellalPolicies.Requester);
        var order = new { customerId = 43, items = new[] { new { gameId = rentals.NewGame(), quantity = 1 } } };

        Assert.Equal(HttpStatusCode.Forbidden, (await RentalsApp.PostRentalAsync(requester, order)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/rentals")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.GetAsync("/api/inventory")).StatusCode);
        var id = await RentalsApp.RentAsync(rentals.Clerk, 43, (order.items[0].gameId, 1));
        Assert.Equal(HttpStatusCode.Forbidden, (await requester.PostAsync($"/api/rentals/{id}/return", null)).StatusCode);

        await RentalsApp.WaitForStatusAsync(rentals.Clerk, id, "Confirmed");
        Assert.Equal(HttpStatusCode.OK, (await rentals.Clerk.PostAsync($"/api/rentals/{id}/return", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rentals.Clerk.GetAsync("/api/inventory")).StatusCode);
    }

    private async Task AssertNothingStoredAsync()
    {
        foreach (var customer in new[] { Customer, 999999 })
        {
            var listed = await rentals.Clerk.GetFromJsonAsync<JsonElement>($"/api/rentals?customerId={customer}");
            Assert.Equal(0, listed.GetProperty("totalCount").GetInt32());
        }
    }
}
