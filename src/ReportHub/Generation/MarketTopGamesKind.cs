using System.Text.Json;

namespace ReportHub;

/// <summary><c>market-top-games</c>: the most rented games of a region across the market panel. Parameters: region, top.</summary>
internal sealed class MarketTopGamesKind : IReportKind
{
    public string Name => "market-top-games";

    public Dictionary<string, string[]> Validate(JsonElement parameters)
    {
        var errors = new Dictionary<string, string[]>();
        if (Text(parameters, "region") is not { } region || !SampleMarket.Regions.Contains(region))
        {
            errors["region"] = [$"One of {string.Join(", ", SampleMarket.Regions)}."];
        }

        if (Top(parameters) is < 1 or > 16)
        {
            errors["top"] = ["Between 1 and 16."];
        }

        return errors;
    }

    public string Produce(JsonElement parameters)
    {
        var region = Text(parameters, "region")!;
        var random = SampleMarket.RandomFor(Name, region);
        var ranked = SampleMarket.Games
            .Select(game => (game.Title, game.Genre, Rentals: random.Next(1_000, 90_000)))
            .OrderByDescending(g => g.Rentals).ThenBy(g => g.Title, StringComparer.Ordinal)
            .Take(Top(parameters)).ToList();
        var total = ranked.Sum(g => (long)g.Rentals);
        return Csv.Write(["rank", "title", "genre", "region", "rentals", "share"],
            ranked.Select((g, i) => new object[] { i + 1, g.Title, g.Genre, region, g.Rentals, Math.Round((decimal)g.Rentals / total, 4) }));
    }

    private static string? Text(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int Top(JsonElement parameters) =>
        !parameters.TryGetProperty("top", out var value) ? 10 : value.TryGetInt32(out var top) ? top : -1;
}
