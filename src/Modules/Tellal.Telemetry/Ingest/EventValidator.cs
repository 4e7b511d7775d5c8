using System.Globalization;
using System.Text.Json;

namespace Tellal.Telemetry.Ingest;

/// <summary>
/// Judges each event of a request. Errors are keyed by the event's index (<c>events[3]</c>), so the app can tell
/// which events to fix; one bad event refuses the whole request (all or nothing), so nothing is half-taken.
/// </summary>
internal static class EventValidator
{
    public const int MaxIdLength = 100;

    public static (IReadOnlyList<TelemetryEvent> Events, Dictionary<string, string[]> Errors) Validate(
        IReadOnlyList<JsonElement> elements, DateTimeOffset now, TimeSpan futureSkew)
    {
        var events = new List<TelemetryEvent>(elements.Count);
        var errors = new Dictionary<string, string[]>();
        for (var index = 0; index < elements.Count; index++)
        {
            var problems = new List<string>();
            var parsed = Read(elements[index], now + futureSkew, problems);
            if (problems.Count > 0)
            {
                errors[$"events[{index}]"] = [.. problems];
            }
            else
            {
                events.Add(parsed!);
            }
        }

        return (events, errors);
    }

    private static TelemetryEvent? Read(JsonElement element, DateTimeOffset latest, List<string> problems)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add("An event must be a JSON object.");
            return null;
        }

        var eventId = Text(element, "eventId") is { } id && Guid.TryParse(id, out var guid) ? guid : (Guid?)null;
        if (eventId is null)
        {
            problems.Add("eventId: a UUID made by the app.");
        }

        var deviceId = Identifier(element, "deviceId", problems);
        var playerId = Identifier(element, "playerId", problems);
        long? gameId = element.TryGetProperty("gameId", out var game) && game.ValueKind == JsonValueKind.Number && game.TryGetInt64(out var g) && g > 0 ? g : null;
        if (gameId is null)
        {
            problems.Add("gameId: a positive integer.");
        }

        var type = Text(element, "type");
        if (type is null || !EventTypes.All.Contains(type))
        {
            problems.Add($"type: one of {string.Join(", ", EventTypes.All)}.");
        }

        var occurredAt = OccurredAt(element, latest, problems);
        var data = element.TryGetProperty("data", out var d) ? d : default;
        if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
        {
            problems.Add("data: a JSON object (or absent).");
        }
        else if (type == EventTypes.Purchase && Purchases.PurchaseData.Receipt(data, out var purchaseProblem) is null)
        {
            // Checked here so a purchase that could never be verified is refused with its request, not found later.
            problems.Add(purchaseProblem!);
        }

        return problems.Count > 0
            ? null
            : new TelemetryEvent(eventId!.Value, deviceId!, playerId!, gameId!.Value, type!, occurredAt!.Value,
                data.ValueKind == JsonValueKind.Object ? data.GetRawText() : "{}");
    }

    private static DateTimeOffset? OccurredAt(JsonElement element, DateTimeOffset latest, List<string> problems)
    {
        // An explicit offset is required: a time without one means a different instant on every device.
        if (Text(element, "occurredAt") is not { } text
            || !DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            || !text.EndsWith('Z') && !text[^6..].StartsWith('+') && !text[^6..].StartsWith('-'))
        {
            problems.Add("occurredAt: an ISO 8601 time with an offset, e.g. 2026-12-04T21:30:00Z.");
            return null;
        }

        if (at > latest)
        {
            problems.Add($"occurredAt: {text} is in the future beyond the allowed clock skew.");
            return null;
        }

        return at.ToUniversalTime();
    }

    private static string? Identifier(JsonElement element, string name, List<string> problems)
    {
        var value = Text(element, name);
        if (string.IsNullOrWhiteSpace(value) || value.Length > MaxIdLength)
        {
            problems.Add($"{name}: 1 to {MaxIdLength} characters.");
            return null;
        }

        return value;
    }

    /// <summary>The property when it is a string; a missing or non-string property is left to the caller's rule.</summary>
    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
