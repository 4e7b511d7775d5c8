using Microsoft.Extensions.Options;
using Tellal.Reports.Catalog.Reports;
using Tellal.Reports.External;

namespace Tellal.Reports.Catalog;

/// <summary>
/// Every report type staff can request, by stable name. The external provider's types are offered only when the
/// provider is configured, so a node without one never accepts a request it cannot produce.
/// </summary>
public sealed class ReportCatalog
{
    private readonly Dictionary<string, ReportType> _byName;

    /// <summary>The internal types only.</summary>
    public ReportCatalog()
        : this(includeExternal: false)
    {
    }

    public ReportCatalog(IOptions<ExternalReportsOptions> external)
        : this(external.Value.IsConfigured)
    {
    }

    private ReportCatalog(bool includeExternal)
    {
        IEnumerable<ReportType> external = includeExternal ? [MarketTopGamesReport.Type, MarketPriceIndexReport.Type] : [];
        All =
        [
            TopReviewedGamesReport.Type,
            RentalsByCompanyAndGenreReport.Type,
            TopPlayersReport.Type,
            TopPlayedGamesReport.Type,
            AfkCustomersReport.Type,
            WeekendSnackBrandsReport.Type,
            RetroFansSpendingReport.Type,
            DailyRentalsTrendReport.Type,
            ActiveUsersTrendReport.Type,
            VerifiedRevenueReport.Type,
            .. external,
        ];
        _byName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ReportType> All { get; }

    public ReportType? Find(string name) => _byName.GetValueOrDefault(name);
}
