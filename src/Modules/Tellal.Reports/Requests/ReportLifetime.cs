using System.Text.Json.Serialization;

namespace Tellal.Reports.Requests;

/// <summary>How long a ready report's file is kept, chosen at request time.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReportLifetime>))]
public enum ReportLifetime
{
    [JsonStringEnumMemberName("10m")] TenMinutes,
    [JsonStringEnumMemberName("30m")] ThirtyMinutes,
    [JsonStringEnumMemberName("1h")] OneHour,
    [JsonStringEnumMemberName("1d")] OneDay,
    [JsonStringEnumMemberName("7d")] SevenDays,
}

public static class ReportLifetimes
{
    public static TimeSpan Duration(this ReportLifetime lifetime) => lifetime switch
    {
        ReportLifetime.TenMinutes => TimeSpan.FromMinutes(10),
        ReportLifetime.ThirtyMinutes => TimeSpan.FromMinutes(30),
        ReportLifetime.OneHour => TimeSpan.FromHours(1),
        ReportLifetime.OneDay => TimeSpan.FromDays(1),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>The wire names ("10m", "30m", "1h", "1d", "7d").</summary>
    public static IReadOnlyDictionary<string, ReportLifetime> ByName { get; } = new Dictionary<string, ReportLifetime>(StringComparer.OrdinalIgnoreCase)
    {
        ["10m"] = ReportLifetime.TenMinutes,
        ["30m"] = ReportLifetime.ThirtyMinutes,
        ["1h"] = ReportLifetime.OneHour,
        ["1d"] = ReportLifetime.OneDay,
        ["7d"] = ReportLifetime.SevenDays,
    };

    public static string Name(this ReportLifetime lifetime) => ByName.First(pair => pair.Value == lifetime).Key;
}
