using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Pipeline;

/// <summary>An event in the permanent table: one row per event id, whatever the apps resent.</summary>
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
            stored.HasKey(s => s.EventId);
            EventColumns.Configure(stored);
            // Active users: a range of days, distinct players, answered from the index alone.
            stored.HasIndex(s => new { s.OccurredAt, s.PlayerId }).HasDatabaseName("ix_tel_events_occurred_at_player_id");
        });
}
