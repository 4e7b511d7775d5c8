using System.Globalization;
using System.Text.Json;

namespace Tellal.Reports.Catalog;

/// <summary>
/// Validated, typed parameter values of one report run (int, decimal, <see cref="DateOnly"/> or string; absent
/// optional values are missing). <see cref="AsOf"/> is the day the request was made: relative figures such as
/// ages are computed from it, never from the database clock.
/// </summary>
public sealed class ReportParameters(IReadOnlyDictionary<string, object> values, DateOnly asOf)
{
    public DateOnly AsOf { get; } = asOf;

    public IReadOnlyDictionary<string, object> Values { get; } = values;

    public int GetInt(string name) => Get<int>(name);

    public decimal GetDecimal(string name) => Get<decimal>(name);

    public DateOnly GetDate(string name) => Get<DateOnly>(name);

    public string GetString(string name) => Get<string>(name);

    public string? GetOptionalString(string name) => Values.TryGetValue(name, out var value) ? (string)value : null;

    /// <summary>The values as JSON, e.g. to store the resolved parameters with a request and validate them again later.</summary>
    public Dictionary<string, JsonElement> ToJson() => Values.ToDictionary(
        pair => pair.Key,
        pair => pair.Value is DateOnly date
            ? JsonSerializer.SerializeToElement(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            : JsonSerializer.SerializeToElement(pair.Value));

    /// <summary>"from=2024-05-01, top=25": for report subtitles and logs.</summary>
    public string Describe() => string.Join(", ", Values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={Format(v.Value)}"));

    private T Get<T>(string name) => Values.TryGetValue(name, out var value) && value is T typed
        ? typed
        : throw new KeyNotFoundException($"Report parameter '{name}' of type {typeof(T).Name} is missing: the report's definition and query disagree.");

    private static string Format(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
