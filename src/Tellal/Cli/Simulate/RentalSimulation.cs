using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Tellal.Cli.Simulate;

/// <summary>
/// Clerks at the rental counter: orders of one copy of a game for a customer, each with its own Idempotency-Key, sent on
/// a fixed schedule (open loop: a slow answer delays no later order, so the installation's backlog shows as latency, not
/// as a lower rate), then every accepted order is polled until it is decided or the wait runs out.
/// </summary>
internal static class RentalSimulation
{
    /// <summary>A connection that fails mid-request is tried again with the same key: at most one order comes of it.</summary>
    private const int Attempts = 3;

    private static readonly TimeSpan PollPause = TimeSpan.FromMilliseconds(250);

    public static async Task<RentalSimulationSummary> RunAsync(RentalSimulationSettings settings, TextWriter log, CancellationToken ct)
    {
        var clerks = new List<HttpClient>();
        try
        {
            var token = await SignInAsync(settings, ct);
            // One client per clerk, each with its own connections, as separate counters would have.
            for (var c = 0; c < settings.Clients; c++)
            {
                clerks.Add(new HttpClient { BaseAddress = settings.Url, DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) } });
            }

            var games = await GamesAsync(clerks[0], settings.Games, ct);
            await log.WriteLineAsync($"Renting {games.Count} game(s) to {settings.Customers} customer(s) at {settings.Rate}/s for {settings.Duration.TotalSeconds} s over {settings.Clients} client(s)...");
            var sent = (int)Math.Ceiling(settings.Rate * settings.Duration.TotalSeconds);
            var clock = Stopwatch.StartNew();
            var orders = new List<Task<Guid?>>(sent);
            for (var i = 0; i < sent; i++)
            {
                var due = TimeSpan.FromSeconds(i / settings.Rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed, ct);
                }

                orders.Add(PlaceAsync(clerks[i % clerks.Count], 1 + (i % settings.Customers), games[i % games.Count], ct));
            }

            var accepted = (await Task.WhenAll(orders)).OfType<Guid>().ToList();
            await log.WriteLineAsync($"Sent {sent} order(s) in {clock.Elapsed.TotalSeconds:F1} s; {accepted.Count} accepted. Waiting for the outcomes...");
            var outcomes = await AwaitDecisionsAsync(clerks, accepted, settings.Wait, ct);
            return RentalSimulationSummary.From(sent, sent - accepted.Count, outcomes);
        }
        finally
        {
            foreach (var clerk in clerks)
            {
                clerk.Dispose();
            }
        }
    }

    private static async Task<string> SignInAsync(RentalSimulationSettings settings, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = settings.Url };
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { userName = settings.User, password = settings.Password }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signing in as {settings.User} at {settings.Url} failed: {(int)response.StatusCode} {response.ReasonPhrase}.");
        }

        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The first games of the stock list, page after page until there are enough or no more.</summary>
    private static async Task<List<long>> GamesAsync(HttpClient http, int wanted, CancellationToken ct)
    {
        var games = new List<long>();
        for (var page = 1; games.Count < wanted; page++)
        {
            var stock = await http.GetFromJsonAsync<JsonElement>($"/api/inventory?page={page}", ct);
            var items = stock.GetProperty("items").EnumerateArray().Select(g => g.GetProperty("gameId").GetInt64()).ToList();
            games.AddRange(items.Take(wanted - games.Count));
            if (items.Count == 0 || games.Count >= stock.GetProperty("totalCount").GetInt32())
            {
                break;
            }
        }

        return games.Count > 0 ? games : throw new InvalidOperationException("The installation has no games in stock to rent.");
    }

    /// <summary>The order's id once accepted (202); null when the installation refused it or could not be reached.</summary>
    private static async Task<Guid?> PlaceAsync(HttpClient clerk, long customerId, long gameId, CancellationToken ct)
    {
        var key = Guid.NewGuid().ToString("N");
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rentals")
                {
                    Content = JsonContent.Create(new { customerId, items = new[] { new { gameId, quantity = 1 } }, note = "tellal simulate" }),
                    Headers = { { "Idempotency-Key", key } },
                };
                using var response = await clerk.SendAsync(request, ct);
                return response.StatusCode == HttpStatusCode.Accepted
                    ? (await response.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetGuid()
                    : null;
            }
            catch (HttpRequestException) when (attempt < Attempts)
            {
                // The order may or may not have been stored: the same key again makes sure it is, once.
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }
    }

    /// <summary>Polls the undecided orders, spread over the clerks' clients, until all are decided or the wait is over.</summary>
    private static async Task<List<RentalOutcome>> AwaitDecisionsAsync(List<HttpClient> clerks, List<Guid> accepted, TimeSpan wait, CancellationToken ct)
    {
        var outcomes = new Dictionary<Guid, RentalOutcome>();
        var undecided = accepted;
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var polled = await Task.WhenAll(clerks.Select((clerk, c) => PollAsync(clerk, undecided.Where((_, i) => i % clerks.Count == c).ToList(), ct)));
            foreach (var outcome in polled.SelectMany(p => p))
            {
                outcomes[outcome.Id] = outcome;
            }

            undecided = undecided.Where(id => outcomes[id].DecidedAt is null).ToList();
            if (undecided.Count == 0 || deadline.Elapsed > wait)
            {
                return [.. outcomes.Values];
            }

            await Task.Delay(PollPause, ct);
        }
    }

    private static async Task<List<RentalOutcome>> PollAsync(HttpClient clerk, List<Guid> ids, CancellationToken ct)
    {
        var outcomes = new List<RentalOutcome>(ids.Count);
        foreach (var id in ids)
        {
            var rental = await clerk.GetFromJsonAsync<JsonElement>($"/api/rentals/{id}", ct);
            var decidedAt = rental.GetProperty("decidedAt");
            outcomes.Add(new RentalOutcome(id, rental.GetProperty("status").GetString()!, rental.GetProperty("createdAt").GetDateTimeOffset(),
                decidedAt.ValueKind == JsonValueKind.Null ? null : decidedAt.GetDateTimeOffset()));
        }

        return outcomes;
    }
}
