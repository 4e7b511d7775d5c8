using System.Globalization;

namespace Tellal.Reports.Catalog.Reports;

/// <summary>
/// A period of whole UTC days, both ends included. Day columns compare against <see cref="From"/>/<see cref="To"/>;
/// timestamp columns against the half-open [<see cref="Start"/>, <see cref="End"/>), which is exact for any precision.
/// </summary>
internal readonly record struct ReportPeriod(DateOnly From, DateOnly To)
{
    public const string FromParameter = "from";
    public const string ToParameter = "to";

    public DateTimeOffset Start => Midnight(From);

    public DateTimeOffset End => Midnight(To.AddDays(1));

    public int Days => To.DayNumber - From.DayNumber + 1;

    public static ReportPeriod Of(ReportParameters parameters) =>
        new(parameters.GetDate(FromParameter), parameters.GetDate(ToParameter));

    public static ReportPeriod Year(int year) => new(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd} to {To:yyyy-MM-dd}");

    private static DateTimeOffset Midnight(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
}

/// <summary>The parameters several reports share, so they are named, bounded and defaulted the same way.</summary>
internal static class CommonParameters
{
    public static readonly ReportParameterRange Period = new(ReportPeriod.FromParameter, ReportPeriod.ToParameter);

    /// <summary>from/to defaulting to the last calendar month.</summary>
    public static ReportParameterDefinition[] LastMonth() => PeriodOf(
        today => today.AddDays(1 - today.Day).AddMonths(-1),
        today => today.AddDays(-today.Day));

    /// <summary>from/to defaulting to the <paramref name="days"/> days before today.</summary>
    public static ReportParameterDefinition[] LastDays(int days) => PeriodOf(today => today.AddDays(-days), today => today.AddDays(-1));

    public static ReportParameterDefinition Top(string description, int @default, int max) =>
        ReportParameterDefinition.Int("top", description, @default, 1, max);

    private static ReportParameterDefinition[] PeriodOf(Func<DateOnly, DateOnly> from, Func<DateOnly, DateOnly> to) =>
    [
        ReportParameterDefinition.Date(ReportPeriod.FromParameter, "First day of the period (UTC).", from),
        ReportParameterDefinition.Date(ReportPeriod.ToParameter, "Last day of the period (UTC), included.", to),
    ];
}

internal static class ReportFigures
{
    /// <summary>Cents as an exact decimal amount.</summary>
    public static decimal FromCents(long cents) => cents / 100m;

    /// <summary>Millionths of a currency unit (the app stores' prices) as an exact decimal amount.</summary>
    public static decimal FromMicros(long micros) => micros / 1_000_000m;

    /// <summary>A fraction rounded to four places (0.1234 = 12.34%); zero of nothing is 0.</summary>
    public static decimal Share(long part, long whole) =>
        whole == 0 ? 0m : Math.Round((decimal)part / whole, 4, MidpointRounding.AwayFromZero);
}
