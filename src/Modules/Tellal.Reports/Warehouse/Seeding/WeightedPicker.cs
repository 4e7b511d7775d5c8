namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>
/// Picks an index with probability proportional to its weight (binary search over cumulative weights).
/// <see cref="PickBelow"/> restricts the pick to a prefix, e.g. the customers already signed up on a day.
/// </summary>
internal sealed class WeightedPicker
{
    private readonly double[] _cumulative;

    public WeightedPicker(IReadOnlyList<double> weights)
    {
        _cumulative = new double[weights.Count + 1];
        for (var i = 0; i < weights.Count; i++)
        {
            _cumulative[i + 1] = _cumulative[i] + weights[i];
        }
    }

    public int Count => _cumulative.Length - 1;

    public double Total => _cumulative[^1];

    public int Pick(SeededRandom random) => PickBelow(random, Count);

    /// <summary>An index in [0, limit) weighted as usual.</summary>
    public int PickBelow(SeededRandom random, int limit) => Find(random.NextDouble() * _cumulative[limit]);

    private int Find(double target)
    {
        var low = 0;
        var high = Count - 1;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (_cumulative[middle + 1] <= target)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
