using System.Globalization;
using System.Text.Json;

namespace Tellal.Reports.Catalog;

/// <summary>Typed parameters, or errors keyed by parameter name (the shape of an HTTP validation problem).</summary>
public sealed record ReportParameterValidation(ReportParameters? Parameters, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Parameters is not null;
}

/// <summary>
/// Turns raw JSON values from an API request into typed <see cref="ReportParameters"/>: unknown names, missing
/// required values, wrong JSON types, values out of range or not allowed, and reversed ranges are all reported
/// at once, each under its parameter's name. A JSON null counts as not given (the default applies).
/// </summary>
public sealed class ReportParameterValidator(TimeProvider time)
{
    public ReportParameterValidation Validate(ReportType type, IReadOnlyDictionary<string, JsonElement>? raw)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        raw ??= new Dictionary<string, JsonElement>();
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string name, string message)
        {
            if (!errors.TryGetValue(name, out var list))
            {
                errors[name] = list = [];
            }

            list.Add(message);
        }

        foreach (var name in raw.Keys.Where(name => type.Parameters.All(p => p.Name != name)))
        {
            Fail(name, $"Unknown parameter. '{type.Name}' takes: {string.Join(", ", type.Parameters.Select(p => p.Name))}.");
        }

        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var definition in type.Parameters)
        {
            if (!raw.TryGetValue(definition.Name, out var json) || json.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (definition.Default?.Invoke(today) is { } fallback)
                {
                    values[definition.Name] = fallback;
                }
                else if (definition.Required)
                {
                    Fail(definition.Name, "Required.");
                }

                continue;
            }

            var (value, error) = Parse(definition, json, today);
            if (error is not null)
            {
                Fail(definition.Name, error);
            }
            else
            {
                values[definition.Name] = value!;
            }
        }

        foreach (var range in type.ParameterRanges)
        {
            if (values.TryGetValue(range.From, out var from) && values.TryGetValue(range.To, out var to)
                && Comparer<object>.Default.Compare(from, to) > 0)
            {
                Fail(range.To, $"Must not be before '{range.From}'.");
            }
        }

        return errors.Count > 0
            ? new ReportParameterValidation(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal))
            : new ReportParameterValidation(new ReportParameters(values, today), new Dictionary<string, string[]>());
    }

    private static (object? Value, string? Error) Parse(ReportParameterDefinition definition, JsonElement json, DateOnly today) =>
        definition.Type switch
        {
            ReportParameterType.Int => json.ValueKind == JsonValueKind.Number && json.TryGetInt32(out var number)
                ? InRange(definition, number, number)
                : (null, "Must be a whole number."),
            ReportParameterType.Decimal => json.ValueKind == JsonValueKind.Number && json.TryGetDecimal(out var amount)
                ? InRange(definition, amount, amount)
                : (null, "Must be a number."),
            ReportParameterType.Date => ParseDate(json, today),
            ReportParameterType.String => json.ValueKind == JsonValueKind.String
                ? InRange(definition, json.GetString()!, json.GetString()!.Length, "characters long")
                : (null, "Must be a string."),
            ReportParameterType.Enum => ParseChoice(definition, json),
            _ => throw new ArgumentOutOfRangeException(nameof(definition), definition.Type, null),
        };

    private static (object?, string?) InRange(ReportParameterDefinition definition, object value, decimal measure, string? unit = null)
    {
        var suffix = unit is null ? "" : " " + unit;
        return (definition.Min, definition.Max) switch
        {
            ({ } min, { } max) when measure < min || measure > max => (null, $"Must be between {min} and {max}{suffix}."),
            ({ } min, null) when measure < min => (null, $"Must be at least {min}{suffix}."),
            (null, { } max) when measure > max => (null, $"Must be at most {max}{suffix}."),
            _ => (value, null),
        };
    }

    private static (object?, string?) ParseDate(JsonElement json, DateOnly today)
    {
        if (json.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(json.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return (null, "Must be a date written as yyyy-MM-dd.");
        }

        return date > today ? (null, $"Must not be in the future (today is {today:yyyy-MM-dd}).") : (date, null);
    }

    private static (object?, string?) ParseChoice(ReportParameterDefinition definition, JsonElement json)
    {
        var allowed = definition.AllowedValues ?? [];
        var match = json.ValueKind == JsonValueKind.String
            ? allowed.FirstOrDefault(a => string.Equals(a, json.GetString(), StringComparison.OrdinalIgnoreCase))
            : null;
        return match is not null ? (match, null) : (null, $"Must be one of: {string.Join(", ", allowed)}.");
    }
}
