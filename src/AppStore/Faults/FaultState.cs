namespace AppStore;

/// <summary>
/// The faults in force now. Windows are turned into end times when set; the rate-limit window follows the outage, so
/// "down for 30 s, then 429s for 10 s" is one call.
/// </summary>
public sealed class FaultState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private FaultSettings _settings = new();
    private DateTimeOffset _outageUntil;
    private DateTimeOffset _rateLimitUntil;

    public FaultState(TimeProvider time, FaultSettings initial)
    {
        _time = time;
        Apply(initial);
    }

    public FaultSettings Settings
    {
        get
        {
            lock (_lock)
            {
                return _settings;
            }
        }
    }

    public void Apply(FaultSettings settings)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            _settings = settings;
            _outageUntil = now.AddSeconds(settings.OutageSeconds);
            _rateLimitUntil = _outageUntil.AddSeconds(settings.RateLimitSeconds);
        }
    }

    public bool InOutage
    {
        get
        {
            lock (_lock)
            {
                return _time.GetUtcNow() < _outageUntil;
            }
        }
    }

    /// <summary>Whole seconds until the rate-limit window ends, or null when requests are not limited.</summary>
    public int? RetryAfterSeconds()
    {
        TimeSpan left;
        lock (_lock)
        {
            left = _rateLimitUntil - _time.GetUtcNow();
        }

        return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : null;
    }

    public TimeSpan NextLatency()
    {
        var settings = Settings;
        var max = Math.Max(settings.LatencyMs, settings.LatencyMaxMs);
        return TimeSpan.FromMilliseconds(settings.LatencyMs == max ? max : Random.Shared.Next(settings.LatencyMs, max + 1));
    }

    public bool FailsAtRandom() => Random.Shared.NextDouble() < Settings.ErrorRate;
}
