using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Pipeline;

/// <summary>
/// The one row that says which ingest node moves staged events, until when. A row rather than a PostgreSQL advisory
/// lock: it works the same on SQLite, and its holder and expiry can be read to show mover lag and who moves.
/// </summary>
public sealed class MoverLease
{
    public const string Mover = "mover";

    public string Name { get; set; } = Mover;
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The staging slot (0 or 1) writers append to; the mover flips it, then moves the other one.</summary>
    public short StagingSlot { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<MoverLease>(lease =>
        {
            lease.ToTable("tel_mover_lease");
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasColumnName("name").HasMaxLength(20);
            lease.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(200);
            lease.Property(l => l.ExpiresAt).HasColumnName("expires_at");
            lease.Property(l => l.StagingSlot).HasColumnName("staging_slot");
            // The row exists from the start, so taking the lease is always one conditional UPDATE, never an insert race.
            lease.HasData(new MoverLease { Name = Mover, Holder = "", ExpiresAt = DateTimeOffset.UnixEpoch });
        });
}
