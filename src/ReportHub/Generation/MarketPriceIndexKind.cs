using System.Globalization;
using System.Text.Json;

namespace ReportHub;

/// <summary>
/// <c>market-price-index</c>: the average daily rental price per platform and month. Parameters: from, to
/// (yyyy-MM-dd). The panel starts in 2015: an earlier period is accepted but the job fails, as a real provider's would.
/// </summary>
internal sealed class MarketPriceIndexKind : IReportKind
{
    public string Name => "market-price-index";

    public Dictionary<string, string[]> Validate(JsonElement parameters)
    {
        var errors = new Dictionary<string, string[]>();
        var from = Date(parameters, "from");
        var to = Date(parameters, "to");
        if (from is null)
        {
            errors["from"] = ["A date, yyyy-MM-dd."];
        }

        if (to is null)
        {
            errors["to"] = ["A date, yyyy-MM-dd."];
        }
        else if (from is not null && to < from)
        {
            errors["to"] = ["Not before from."];
        }

        return errors;
    }

    public string Produce(JsonElement parameters)
    {
        var from = Date(parameters, "from")!.Value;
        var to = Date(parameters, "to")!.Value;
        if (from < SampleMarket.FirstDay)
        {
            throw new ReportProductionException($"The market panel has no data before {SampleMarket.FirstDay:yyyy-MM-dd}.");
        }

        var rows = new List<object[]>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            foreach (var platform in SampleMarket.Platforms)
            {
                var random = SampleMarket.RandomFor(Name, month.DayNumber, platform);
                rows.Add([month.ToString("yyyy-MM", CultureInfo.InvariantCulture), platform, Math.Round(1.5m + (random.Next(0, 450) / 100m), 2)]);
            }
        }

        return Csv.Write(["month", "platform", "avg_daily_price_eur"], rows);
    }

    private static DateOnly? Date(JsonElement parameters, string name) =>
        parameters.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;
}
