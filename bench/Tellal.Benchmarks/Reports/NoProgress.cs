using Tellal.Reports.Catalog;

namespace Tellal.Benchmarks.Reports;

/// <summary>The worker writes progress at most every 500 ms; the query's own reporting cost is negligible.</summary>
public sealed class NoProgress : IProgress<ReportProgress>
{
    public static readonly NoProgress Instance = new();

    public void Report(ReportProgress value)
    {
    }
}
