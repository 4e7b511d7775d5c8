using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// An event staged by an ingest node, waiting for the mover. No unique key on the event id: staging only appends, and
/// duplicates (an app's retry, sent as a new request) are dropped when moved. <see cref="Seq"/> orders the rows so the
/// mover can take a bounded slice.
/// </summary>
public sealed class StagedEvent
{
    public long Seq { get; set; }
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
            EventColumns.Configure(staged);
        });
}
