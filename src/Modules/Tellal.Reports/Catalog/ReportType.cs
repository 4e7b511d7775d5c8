namespace Tellal.Reports.Catalog;

public enum ReportFormat
{
    Csv,
    Xlsx,
    Png,
    Pdf,
}

/// <summary>
/// A kind of report staff can request: its stable <see cref="Name"/> (used in URLs and stored requests),
/// its parameters, the formats it renders to and the query that produces it. A type with an
/// <see cref="ExternalKind"/> is produced by the external provider (ReportHub) under that kind instead.
/// </summary>
public sealed record ReportType(
    string Name,
    string Title,
    string Description,
    IReadOnlyList<ReportParameterDefinition> Parameters,
    IReadOnlyList<ReportFormat> Formats,
    IReportQuery Query,
    bool ContainsPersonalData = false,
    IReadOnlyList<ReportParameterRange>? Ranges = null,
    string? ExternalKind = null)
{
    public bool IsExternal => ExternalKind is not null;

    /// <summary>Longest date range (in days, both ends included) that needs no approval.</summary>
    public const int MaxUnapprovedRangeDays = 366;

    /// <summary>Every internal type renders to these; PDF is the one to forward to people outside the back office.</summary>
    public static IReadOnlyList<ReportFormat> TableFormats { get; } = [ReportFormat.Csv, ReportFormat.Xlsx, ReportFormat.Pdf];

    /// <summary>The table formats (the PDF with the chart above its table) and the chart alone as PNG.</summary>
    public static IReadOnlyList<ReportFormat> ChartFormats { get; } = [ReportFormat.Csv, ReportFormat.Xlsx, ReportFormat.Pdf, ReportFormat.Png];

    /// <summary>
    /// External types: the provider's CSV is stored and served as delivered (size and hash are of its bytes), so no
    /// other format applies. A PDF of it would be a rendering of ours over columns whose types the provider's
    /// contract does not give.
    /// </summary>
    public static IReadOnlyList<ReportFormat> ProviderFormats { get; } = [ReportFormat.Csv];

    public IReadOnlyList<ReportParameterRange> ParameterRanges => Ranges ?? [];

    /// <summary>
    /// Personal data always needs a second pair of eyes; so does a date range longer than a year, which
    /// scans a lot of the warehouse.
    /// </summary>
    public bool RequiresApproval(ReportParameters parameters) =>
        ContainsPersonalData || ParameterRanges.Any(range => IsDateRange(range) && SpanDays(parameters, range) > MaxUnapprovedRangeDays);

    private bool IsDateRange(ReportParameterRange range) =>
        Parameters.Any(p => p.Name == range.From && p.Type == ReportParameterType.Date);

    private static int SpanDays(ReportParameters parameters, ReportParameterRange range) =>
        parameters.GetDate(range.To).DayNumber - parameters.GetDate(range.From).DayNumber + 1;
}
