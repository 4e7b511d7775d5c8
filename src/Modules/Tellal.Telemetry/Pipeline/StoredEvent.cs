using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// An event in the permanent table: one row per event, whatever the apps resent. The key is (event id, occurred at):
/// on PostgreSQL the table is partitioned by day of <see cref="OccurredAt"/> and a partitioned table's unique keys must
/// hold the partition column. A resend is byte for byte the same event, so it has the same key and is dropped; see
/// docs/architecture.md (Telemetry) for why this, not a global table of event ids.
/// </summary>
public sealed class StoredEvent
{
    public Guid EventId { get; set; }
    public string App { get; set; } = "";
    public string DeviceId { get; set; } = "";
    public string PlayerId { get; set; } = "";
    public long GameId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Data { get; set; } = "{}";

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<StoredEvent>(stored =>
        {
            stored.ToTable("tel_events");
            stored.HasKey(s => new { s.EventId, s.OccurredAt });
            EventColumns.Configure(stored);
            // Active users: a range of days, distinct players, answered from the index alone.
            stored.HasIndex(s => new { s.OccurredAt, s.PlayerId }).HasDatabaseName("ix_tel_events_occurred_at_player_id");
        });
}
