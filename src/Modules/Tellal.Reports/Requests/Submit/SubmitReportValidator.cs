using System.Text.Json;
using Tellal.Messaging.Envelopes;
using Tellal.Reports.Catalog;

namespace Tellal.Reports.Requests.Submit;

/// <summary>A submission that passed validation, with every value typed.</summary>
public sealed record ValidSubmission(ReportType Type, string Title, ReportParameters Parameters, ReportFormat Format, MessagePriority Priority, ReportLifetime Lifetime);

/// <summary>
/// Checks a submission completely and reports every problem under its field name (parameters as
/// <c>parameters.name</c>), so the API's problem details and the form's messages say the same thing.
/// </summary>
public sealed class SubmitReportValidator(ReportCatalog catalog, ReportParameterValidator parameters)
{
    public const int MaxTitleLength = 200;

    public (ValidSubmission? Submission, Dictionary<string, string[]> Errors) Validate(SubmitReportRequest request)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var type = string.IsNullOrWhiteSpace(request.ReportType) ? null : catalog.Find(request.ReportType);
        if (type is null)
        {
            errors["reportType"] = [string.IsNullOrWhiteSpace(request.ReportType)
                ? "Required."
                : $"Unknown report type. Known types: {string.Join(", ", catalog.All.Select(t => t.Name))}."];
        }

        var title = request.Title?.Trim();
        if (title is { Length: > MaxTitleLength })
        {
            errors["title"] = [$"At most {MaxTitleLength} characters."];
        }

        ReportFormat format = default;
        if (type is not null && !TryParseFormat(type, request.Format, out format))
        {
            errors["format"] = [$"One of: {string.Join(", ", type.Formats.Select(f => f.ToString().ToLowerInvariant()))}."];
        }

        var priority = MessagePriority.Normal;
        if (request.Priority is not null && !(Enum.TryParse(request.Priority, ignoreCase: true, out priority) && Enum.IsDefined(priority)))
        {
            errors["priority"] = ["One of: high, normal, low."];
        }

        var lifetime = ReportLifetime.OneDay;
        if (request.Lifetime is not null && !ReportLifetimes.ByName.TryGetValue(request.Lifetime, out lifetime))
        {
            errors["lifetime"] = [$"One of: {string.Join(", ", ReportLifetimes.ByName.Keys)}."];
        }

        ReportParameters? values = null;
        if (type is not null)
        {
            var validation = parameters.Validate(type, request.Parameters ?? new Dictionary<string, JsonElement>());
            foreach (var (name, messages) in validation.Errors)
            {
                errors[$"parameters.{name}"] = messages;
            }

            values = validation.Parameters;
        }

        return errors.Count > 0 || type is null || values is null
            ? (null, errors)
            : (new ValidSubmission(type, string.IsNullOrEmpty(title) ? type.Title : title, values, format, priority, lifetime), errors);
    }

    private static bool TryParseFormat(ReportType type, string? value, out ReportFormat format)
    {
        if (value is null)
        {
            format = type.Formats[0];
            return true;
        }

        return Enum.TryParse(value, ignoreCase: true, out format) && !int.TryParse(value, out _) && type.Formats.Contains(format);
    }
}
