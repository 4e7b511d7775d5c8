namespace Tellal.Reports.Catalog;

/// <summary>
/// How far a report is. Queries report the "querying" and "aggregating" stages up to
/// <see cref="QueryDonePercent"/>; whoever renders the file reports "rendering" from there to 100.
/// </summary>
public sealed record ReportProgress(string Stage, int Percent)
{
    public const string Querying = "querying";
    public const string Aggregating = "aggregating";
    public const string Rendering = "rendering";
    public const int QueryDonePercent = 80;

    public static ReportProgress Query(int percent) => new(Querying, percent);

    public static ReportProgress Aggregate(int percent) => new(Aggregating, percent);

    public static ReportProgress QueryDone() => new(Aggregating, QueryDonePercent);
}
