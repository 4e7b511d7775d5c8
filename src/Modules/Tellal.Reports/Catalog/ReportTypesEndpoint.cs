using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Tellal.Reports.Catalog;

public sealed record ReportTypeResponse(
    string Name,
    string Title,
    string Description,
    IReadOnlyList<ReportParameterResponse> Parameters,
    IReadOnlyList<string> Formats,
    string Approval,
    bool AlwaysRequiresApproval);

public sealed record ReportParameterResponse(
    string Name,
    string Description,
    string Type,
    bool Required,
    object? Default,
    decimal? Min,
    decimal? Max,
    IReadOnlyList<string>? AllowedValues,
    string? RangeWith);

/// <summary>The catalog as forms need it: each parameter's type, default (as of today), limits and allowed values.</summary>
internal static class ReportTypesEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/api/report-types", (ReportCatalog catalog, TimeProvider time) =>
        {
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            return TypedResults.Ok(catalog.All.Select(type => Describe(type, today)).ToList());
        })
        .WithTags("Reports")
        .WithName("ListReportTypes")
        .RequireAuthorization();

    private static ReportTypeResponse Describe(ReportType type, DateOnly today) => new(
        type.Name,
        type.Title,
        type.Description,
        type.Parameters.Select(p => new ReportParameterResponse(
            p.Name,
            p.Description,
            p.Type.ToString().ToLowerInvariant(),
            p.Required,
            p.Default?.Invoke(today) is DateOnly date ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : p.Default?.Invoke(today),
            p.Min,
            p.Max,
            p.AllowedValues,
            type.ParameterRanges.FirstOrDefault(r => r.From == p.Name)?.To)).ToList(),
        type.Formats.Select(f => f.ToString().ToLowerInvariant()).ToList(),
        type.ContainsPersonalData
            ? "Always: the report contains personal data."
            : type.ParameterRanges.Count > 0 ? $"When the date range is longer than {ReportType.MaxUnapprovedRangeDays} days." : "Never.",
        type.ContainsPersonalData);
}
