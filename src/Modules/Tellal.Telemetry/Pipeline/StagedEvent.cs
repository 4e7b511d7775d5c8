using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// An event staged by an ingest node, waiting for the mover. No unique key on the event id: staging only appends, and
/// duplicates (an app's retry, sent as a new request) are dropped when moved. Writers append to the <see cref="Slot"/>
/// the mover lease names (<see cref="MoverLease.StagingSlot"/>); the mover flips it and moves the other slot whole, so
/// moved rows are cleared by a TRUNCATE of that slot's partition (PostgreSQL) instead of a DELETE row by row. <see cref="Seq"/>
/// numbers the rows across both slots (the backlog is its span).
/// </summary>
public sealed class StagedEvent
{
    public long Seq { get; set; }
    public short Slot { get; set; }
    public Guid EventId { get; set; }
    public string App { get; set; } = "";
    public string DeviceId { get; set; } = "";
    public string PlayerId { get; set; } = "";
    public long GameId { get; set; }
    public string Type { get; set; } = "";
    public DateTimeOffset OccurredAt { get; set; }
    public string Data { get; set; } = "{}";

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<StagedEvent>(staged =>
        {
            staged.ToTable("tel_staged_events");
            staged.HasKey(s => s.Seq);
            staged.Property(s => s.Seq).HasColumnName("seq").ValueGeneratedOnAdd();
            // On PostgreSQL the table is partitioned by slot (raw SQL in the StagingSlots migration; the model cannot say so).
            staged.Property(s => s.Slot).HasColumnName("slot");
            EventColumns.Configure(staged);
        });
}
