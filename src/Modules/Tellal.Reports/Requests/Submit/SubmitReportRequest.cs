using System.Text.Json;

namespace Tellal.Reports.Requests.Submit;

/// <summary>The body of POST /api/reports. Everything is optional here so that validation can name what is missing.</summary>
public sealed record SubmitReportRequest(
    string? ReportType,
    string? Title,
    Dictionary<string, JsonElement>? Parameters,
    string? Format,
    string? Priority,
    string? Lifetime);
