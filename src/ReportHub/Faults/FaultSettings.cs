using System.ComponentModel;

namespace ReportHub;

/// <summary>Faults to inject, as configured or sent to <c>PUT /admin/faults</c> (the whole set is replaced).</summary>
public sealed record FaultSettings
{
    [Description("Added latency of every /v1 request, in milliseconds (lower bound).")]
    public int LatencyMs { get; init; }

    [Description("Upper bound of the added latency; a random value between LatencyMs and this is used.")]
    public int LatencyMaxMs { get; init; }

    [Description("Every /v1 request answers 503 for this many seconds from now.")]
    public int OutageSeconds { get; init; }

    [Description("Every /v1 request answers 429 with Retry-After for this many seconds from now.")]
    public int RateLimitSeconds { get; init; }

    [Description("Probability (0..1) that a /v1 request answers 500.")]
    public double ErrorRate { get; init; }

    [Description("The next N result downloads are corrupted (one byte flipped); -1 = all of them.")]
    public int CorruptDownloads { get; init; }

    [Description("Webhooks of jobs finishing while set are never sent.")]
    public bool WithholdWebhooks { get; init; }

    [Description("Report kinds whose validation step is down: creating such a job answers 503.")]
    public IReadOnlyList<string> ValidationDownKinds { get; init; } = [];
}
