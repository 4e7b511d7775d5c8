using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Tellal.Integration.Tests.Infrastructure;
using Tellal.Platform.Security;
using Tellal.Platform.Storage;
using Tellal.Rentals.Catalogue;
using Tellal.Testing;

namespace Tellal.Integration.Tests.Rentals;

/// <summary>
/// One node (all roles, small warehouse) shared by the rental tests of a class, opened once the catalogue has reached
/// Rentals and Inventory. Every game starts with <see cref="CopiesPerGame"/> copies; each test takes games of its own
/// (<see cref="NewGame"/>), so tests of a class never share stock.
/// </summary>
public sealed class RentalsApp : IAsyncLifetime
{
    public const int CopiesPerGame = 3;

    /// <summary>The small warehouse's games and customers (ids 1..n).</summary>
    public const int Games = 300;
    public const int Customers = 800;

    private int _lastGame;

    public TellalApp App { get; } = new(settings: new Dictionary<string, string?>
    {
        ["Tellal:Inventory:CopiesPerGame"] = CopiesPerGame.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public HttpClient Clerk { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await App.SignedInClientAsync("admin", TellalApp.AdminPassword);
        Clerk = await App.NewUserAsync(TellalPolicies.Clerk);
        await Eventually.HoldsAsync(async () =>
        {
            await using var scope = App.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TellalDbContext>();
            return await db.Set<KnownCustomer>().CountAsync() == Customers && await db.Set<KnownGame>().CountAsync() == Games
                && (await Clerk.GetAsync($"/api/inventory/games/{Games}")).StatusCode == HttpStatusCode.OK;
        }, "the catalogue reached Rentals and Inventory");
    }

    public async ValueTask DisposeAsync()
    {
        Clerk.Dispose();
        await App.DisposeAsync();
    }

    /// <summary>A game no other test of this node has touched.</summary>
    public long NewGame() => Interlocked.Increment(ref _lastGame);

    public static Task<HttpResponseMessage> PostRentalAsync(HttpClient client, object order, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/rentals") { Content = JsonContent.Create(order) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(message);
    }

    /// <summary>Rents and checks the immediate answer: 202, Pending, Location of the rental.</summary>
    public static async Task<Guid> RentAsync(HttpClient client, long customerId, params (long GameId, int Quantity)[] items)
    {
        var response = await PostRentalAsync(client, new { customerId, items = items.Select(i => new { gameId = i.GameId, quantity = i.Quantity }) });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal($"/api/rentals/{id}", response.Headers.Location?.ToString());
        Assert.Equal("Pending", accepted.GetProperty("status").GetString());
        return id;
    }

    public static async Task<JsonElement> WaitForStatusAsync(HttpClient client, Guid id, string status)
    {
        var rental = default(JsonElement);
        await Eventually.HoldsAsync(async () =>
        {
            rental = await client.GetFromJsonAsync<JsonElement>($"/api/rentals/{id}");
            return rental.GetProperty("status").GetString() == status;
        }, $"rental {id} is {status}");
        return rental;
    }

    /// <summary>(total, reserved, available) of a game.</summary>
    public static async Task<(int Total, int Reserved, int Available)> StockAsync(HttpClient client, long gameId)
    {
        var stock = await client.GetFromJsonAsync<JsonElement>($"/api/inventory/games/{gameId}");
        return (stock.GetProperty("total").GetInt32(), stock.GetProperty("reserved").GetInt32(), stock.GetProperty("available").GetInt32());
    }
}
