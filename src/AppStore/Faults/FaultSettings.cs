using System.ComponentModel;

namespace AppStore;

/// <summary>Faults to inject, as configured or sent to <c>PUT /admin/faults</c> (the whole set is replaced).</summary>
public sealed record FaultSettings
{
    [Description("Added latency of every /v1 request, in milliseconds (lower bound).")]
    public int LatencyMs { get; init; }

    [Description("Upper bound of the added latency; a random value between LatencyMs and this is used.")]
    public int LatencyMaxMs { get; init; }

    [Description("Every /v1 request answers 503 for this many seconds from now.")]
    public int OutageSeconds { get; init; }

    [Description("Every /v1 request answers 429 with Retry-After for this many seconds from now (after any outage).")]
    public int RateLimitSeconds { get; init; }

    [Description("Probability (0..1) that a /v1 request answers 500.")]
    public double ErrorRate { get; init; }
}
