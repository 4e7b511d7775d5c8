using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Tellal.Telemetry;

/// <summary>Bound from <c>Tellal:Telemetry</c>.</summary>
public sealed record TelemetryOptions
{
    public const string Section = "Tellal:Telemetry";

    [Description("Events in one POST /api/telemetry/events at most; more is answered 413.")]
    [Range(1, 100_000)]
    public int MaxEventsPerRequest { get; init; } = 1_000;

    [Description("Bytes in one POST /api/telemetry/events at most; more is answered 413.")]
    [Range(1_024, 64 * 1024 * 1024)]
    public int MaxRequestBytes { get; init; } = 1024 * 1024;

    [Description("How far in the future an event's occurredAt may be (device clocks drift); later is refused as invalid.")]
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FutureSkew { get; init; } = TimeSpan.FromMinutes(5);

    [Description("Staged events waiting for the mover above which POST /api/telemetry/events answers 429 with Retry-After, so a mover that falls behind slows the apps instead of letting staging grow without bound.")]
    [Range(1, long.MaxValue)]
    public long MaxBacklogEvents { get; init; } = 1_000_000;

    [Description("How long a web node trusts its last backlog measure: the check costs one query per node per interval, whatever the request rate.")]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan BacklogCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    [Description("The Retry-After of a 429 while the backlog is above its bound.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BacklogRetryAfter { get; init; } = TimeSpan.FromSeconds(5);

    [Description("How often the ingest node holding the mover lease moves staged events into the permanent tables.")]
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan MoveInterval { get; init; } = TimeSpan.FromSeconds(1);

    [Description("How long the mover lease lasts without renewal: a standby ingest node takes over this long after the mover dies.")]
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MoverLease { get; init; } = TimeSpan.FromSeconds(10);

    [Description("A move of at least this many events is followed at once by the next, so a backlog drains without waiting for MoveInterval; smaller moves wait for it. Each move takes the whole staging slot writers have just left.")]
    [Range(1, 10_000_000)]
    public int ContinuousMoveThreshold { get; init; } = 10_000;

    [Description("PostgreSQL connections one move is split over, by event id: the insert into the permanent tables is most of the pipeline's database work and one statement runs on one core (SQLite moves on its one writer).")]
    [Range(1, 16)]
    public int MoverConnections { get; init; } = 2;
}
