using Tellal.Reports.External;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// The market's average daily rental price per platform and month, from the market-data provider (ReportHub, kind
/// <c>market-price-index</c>). The provider's panel starts in 2015: an earlier period fails there, with its reason.
/// </summary>
internal static class MarketPriceIndexReport
{
    public static ReportType Type { get; } = new(
        "market-price-index",
        "Market: rental price index by platform (ReportHub)",
        "Average daily rental price per platform and month across the market (last month by default), from the external provider ReportHub.",
        [.. CommonParameters.LastMonth()],
        ReportType.ProviderFormats,
        ProducedByProvider.Query,
        Ranges: [CommonParameters.Period],
        ExternalKind: "market-price-index");
}
