namespace ReportHub;

/// <summary>The faults in force now. Windows (outage, rate limit) are turned into end times when set.</summary>
public sealed class FaultState
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private FaultSettings _settings = new();
    private DateTimeOffset _outageUntil;
    private DateTimeOffset _rateLimitUntil;
    private int _corruptDownloadsLeft;

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
            _rateLimitUntil = now.AddSeconds(settings.RateLimitSeconds);
            _corruptDownloadsLeft = settings.CorruptDownloads;
        }
    }

    public bool InOutage => _time.GetUtcNow() < Read(() => _outageUntil);

    /// <summary>Whole seconds until the rate-limit window ends, or null when requests are not limited.</summary>
    public int? RetryAfterSeconds()
    {
        var left = Read(() => _rateLimitUntil) - _time.GetUtcNow();
        return left > TimeSpan.Zero ? (int)Math.Ceiling(left.TotalSeconds) : null;
    }

    public TimeSpan NextLatency()
    {
        var settings = Settings;
        var max = Math.Max(settings.LatencyMs, settings.LatencyMaxMs);
        return TimeSpan.FromMilliseconds(settings.LatencyMs == max ? max : Random.Shared.Next(settings.LatencyMs, max + 1));
    }

    public bool FailsAtRandom() => Random.Shared.NextDouble() < Settings.ErrorRate;

    public bool IsValidationDown(string kind) => Settings.ValidationDownKinds.Contains(kind, StringComparer.Ordinal);

    /// <summary>True when this download is to be corrupted (counts it down unless all are).</summary>
    public bool TakeCorruptDownload()
    {
        lock (_lock)
        {
            if (_corruptDownloadsLeft < 0)
            {
                return true;
            }

            if (_corruptDownloadsLeft == 0)
            {
                return false;
            }

            _corruptDownloadsLeft--;
            return true;
        }
    }

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }
}
