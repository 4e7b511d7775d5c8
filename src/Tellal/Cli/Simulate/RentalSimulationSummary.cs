using System.Globalization;

namespace Tellal.Cli.Simulate;

/// <summary>
/// What a simulation saw. Latency runs from the order's <c>createdAt</c> to its <c>decidedAt</c>, both stamped by the
/// installation, so the simulator's polling interval does not add to it; throughput is decided orders over the span from
/// the first order accepted to the last one decided.
/// </summary>
internal sealed record RentalSimulationSummary(int Sent, int Accepted, int Refused, int Confirmed, int Rejected, int StillPending, double Throughput,
    TimeSpan P50, TimeSpan P95, TimeSpan P99)
{
    public static RentalSimulationSummary From(int sent, int refused, IReadOnlyList<RentalOutcome> outcomes)
    {
        var decided = outcomes.Where(o => o.DecidedAt is not null).ToList();
        var latencies = decided.Select(o => o.DecidedAt!.Value - o.CreatedAt).Order().ToList();
        var span = decided.Count == 0 ? TimeSpan.Zero : decided.Max(o => o.DecidedAt!.Value) - outcomes.Min(o => o.CreatedAt);
        return new RentalSimulationSummary(sent, outcomes.Count, refused,
            outcomes.Count(o => o.Status == "Confirmed"), outcomes.Count(o => o.Status == "Rejected"), outcomes.Count(o => o.DecidedAt is null),
            span > TimeSpan.Zero ? decided.Count / span.TotalSeconds : 0,
            Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"""
        sent:          {Sent}
        accepted:      {Accepted}
        refused:       {Refused}
        confirmed:     {Confirmed}
        rejected:      {Rejected}
        still pending: {StillPending}
        throughput:    {Throughput:F1} decided/s
        latency accepted->decided: p50 {P50.TotalMilliseconds:F0} ms, p95 {P95.TotalMilliseconds:F0} ms, p99 {P99.TotalMilliseconds:F0} ms
        """);

    /// <summary>Nearest rank: the smallest latency that at least this share of the orders did not exceed.</summary>
    private static TimeSpan Percentile(List<TimeSpan> sorted, double share) =>
        sorted.Count == 0 ? TimeSpan.Zero : sorted[Math.Max(0, (int)Math.Ceiling(share * sorted.Count) - 1)];
}

/// <summary>An accepted order as the installation last reported it.</summary>
internal sealed record RentalOutcome(Guid Id, string Status, DateTimeOffset CreatedAt, DateTimeOffset? DecidedAt);
