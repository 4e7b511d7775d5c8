namespace Tellal.Telemetry.Dashboard;

/// <summary>
/// Events this web node accepted (202) per second, averaged over the last <see cref="WindowSeconds"/> whole seconds.
/// Kept in memory per node: counting accepted events in a shared row would make every ingest request contend on it,
/// and the dashboard's figure is the node's own (docs/telemetry-wip.md).
/// </summary>
internal sealed class IngestRate(TimeProvider time)
{
    public const int WindowSeconds = 10;

    // One slot per second of the window (and the running second), tagged with the second it counts.
    private readonly long[] _seconds = new long[WindowSeconds + 1];
    private readonly long[] _events = new long[WindowSeconds + 1];
    private readonly Lock _lock = new();

    public void Accepted(int events)
    {
        var second = time.GetUtcNow().ToUnixTimeSeconds();
        var slot = (int)(second % _seconds.Length);
        lock (_lock)
        {
            if (_seconds[slot] != second)
            {
                _seconds[slot] = second;
                _events[slot] = 0;
            }

            _events[slot] += events;
        }
    }

    /// <summary>The average over the last whole seconds, the running one left out (it is still filling).</summary>
    public double PerSecond()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        long total = 0;
        lock (_lock)
        {
            for (var slot = 0; slot < _seconds.Length; slot++)
            {
                if (_seconds[slot] < now && _seconds[slot] >= now - WindowSeconds)
                {
                    total += _events[slot];
                }
            }
        }

        return (double)total / WindowSeconds;
    }
}
