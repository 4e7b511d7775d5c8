using Tellal.Reports.External;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The most rented games of a region across the whole market: figures only the market-data provider (ReportHub) has,
/// so the report is produced there (kind <c>market-top-games</c>) and fetched back as CSV.
/// </summary>
internal static class MarketTopGamesReport
{
    public static ReportType Type { get; } = new(
        "market-top-games",
        "Market: top rented games by region (ReportHub)",
        "The market's most rented games in a region, with their share, from the external provider ReportHub.",
        [
            ReportParameterDefinition.Enum("region", "Market region.", "EU", ["EU", "NA", "APAC", "LATAM"]),
            CommonParameters.Top("How many games.", 10, 16),
        ],
        ReportType.ProviderFormats,
        ProducedByProvider.Query,
        ExternalKind: "market-top-games");
}
