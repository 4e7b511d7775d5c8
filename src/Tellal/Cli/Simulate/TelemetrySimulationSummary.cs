using System.Globalization;

namespace Tellal.Cli.Simulate;

/// <summary>
/// What a telemetry simulation sent. <see cref="DistinctEvents"/> and <see cref="DistinctPlayers"/> are what the
/// installation must end up storing and counting; <see cref="Duplicates"/> are resent events it must drop. Latency is
/// from sending a request to its 202, for accepted attempts only.
/// </summary>
internal sealed record TelemetrySimulationSummary(string Run, long DistinctEvents, int DistinctPlayers, long Duplicates, long Retries, long Throttled,
    long Refused, long Undelivered, long Purchases, long BadReceipts, double Rate, IReadOnlyList<TimeSpan> SortedLatencies)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        run:              {Run}
        distinct events:  {DistinctEvents}
        distinct players: {DistinctPlayers}
        duplicates:       {Duplicates}
        retries:          {Retries}
        throttled (429):  {Throttled}
        refused:          {Refused}
        undelivered:      {Undelivered}
        purchases:        {Purchases}
        bad receipts:     {BadReceipts}
        sent rate:        {Rate:F0} events/s
        accept latency:   p50 {Percentile(0.50).TotalMilliseconds:F1} ms, p99 {Percentile(0.99).TotalMilliseconds:F1} ms
        """);

    /// <summary>Nearest rank, as the rentals summary computes it.</summary>
    private TimeSpan Percentile(double share) =>
        SortedLatencies.Count == 0 ? TimeSpan.Zero : SortedLatencies[Math.Max(0, (int)Math.Ceiling(share * SortedLatencies.Count) - 1)];
}
