namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// How busy each day of the history is: business grows over time, weekends and December are busier, evenings
/// are the peak hours. Everything is UTC and ends the day before the as-of date, so "yesterday" is complete.
/// </summary>
internal sealed class ActivityCalendar
{
    private readonly double[] _dayWeights;
    private readonly WeightedPicker _hours = new(WarehouseVocabulary.HourWeights);

    public ActivityCalendar(DateOnly asOf, int historyDays)
    {
        FirstDay = asOf.AddDays(-historyDays);
        _dayWeights = new double[historyDays];
        for (var i = 0; i < historyDays; i++)
        {
            var day = FirstDay.AddDays(i);
            var growth = 1.0 + (0.8 * i / historyDays);
            _dayWeights[i] = growth * WeekdayFactor(day.DayOfWeek) * (day.Month == 12 ? 1.3 : 1.0);
        }
    }

    public DateOnly FirstDay { get; }

    public int Days => _dayWeights.Length;

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    /// <summary>Splits <paramref name="total"/> over the days by weight; the counts add up exactly.</summary>
    public IEnumerable<(DateOnly Day, int Count)> Spread(long total)
    {
        var sum = _dayWeights.Sum();
        var carried = 0.0;
        for (var i = 0; i < _dayWeights.Length; i++)
        {
            // Carrying the fraction over keeps the total exact without any floating-point drift at the end.
            carried += total * _dayWeights[i] / sum;
            var count = i == _dayWeights.Length - 1 ? Math.Max(0, (int)Math.Round(carried)) : (int)carried;
            carried -= count;
            yield return (FirstDay.AddDays(i), count);
        }
    }

    /// <summary>A moment on <paramref name="day"/>, whole seconds, evening-weighted.</summary>
    public DateTimeOffset MomentOn(DateOnly day, SeededRandom random)
    {
        var seconds = (_hours.Pick(random) * 3600) + random.Next(3600);
        return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(seconds);
    }

    private static double WeekdayFactor(DayOfWeek day) => day switch
    {
        DayOfWeek.Saturday or DayOfWeek.Sunday => 1.5,
        DayOfWeek.Friday => 1.15,
        _ => 1.0,
    };
}
