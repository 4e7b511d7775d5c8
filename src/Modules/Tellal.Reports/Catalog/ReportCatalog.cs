using Tellal.Reports.Catalog.Reports;

namespace Tellal.Reports.Catalog;

/// <summary>Every report type staff can request, by stable name.</summary>
public sealed class ReportCatalog
{
    private readonly Dictionary<string, ReportType> _byName;

    public ReportCatalog()
    {
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
        ];
        _byName = All.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    public IReadOnlyList<ReportType> All { get; }

    public ReportType? Find(string name) => _byName.GetValueOrDefault(name);
}
