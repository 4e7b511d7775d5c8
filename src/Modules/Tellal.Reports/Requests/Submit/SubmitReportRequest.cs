using System.ComponentModel;
using System.Text.Json;

namespace Tellal.Reports.Requests.Submit;

/// <summary>The body of POST /api/reports. Everything is optional here so that validation can name what is missing.</summary>
public sealed record SubmitReportRequest(
    string? ReportType,
    string? Title,
    Dictionary<string, JsonElement>? Parameters,
    [property: Description("csv (the default), xlsx or pdf for the internal report types, and png (the chart alone) for those with a chart; external types are csv only. GET /api/report-types lists each type's formats.")]
    string? Format,
    string? Priority,
    string? Lifetime);
