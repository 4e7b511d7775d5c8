using System.Collections.Concurrent;

namespace AppStore;

/// <summary>
/// What the store saw, for tests and drills: /v1 responses by status, and the receipts it judged, each with how many
/// times, so a client that verifies a purchase more than once shows up.
/// </summary>
public sealed class StoreStatistics
{
    private readonly ConcurrentDictionary<int, int> _responses = new();
    private readonly ConcurrentDictionary<string, int> _judged = new(StringComparer.Ordinal);
    private int _valid;
    private int _invalid;

    public void CountResponse(int status) => _responses.AddOrUpdate(status, 1, (_, count) => count + 1);

    public void CountVerdict(string receipt, bool valid)
    {
        Interlocked.Increment(ref valid ? ref _valid : ref _invalid);
        _judged.AddOrUpdate(receipt, 1, (_, count) => count + 1);
    }

    public object Snapshot() => new
    {
        responses = _responses.ToDictionary(pair => pair.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), pair => pair.Value),
        valid = Volatile.Read(ref _valid),
        invalid = Volatile.Read(ref _invalid),
        receipts = _judged.Count,
        receiptsJudgedMoreThanOnce = _judged.Count(pair => pair.Value > 1),
    };
}
