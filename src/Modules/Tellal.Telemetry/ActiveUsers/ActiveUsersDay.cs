using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.ActiveUsers;

/// <summary>
/// A closed UTC day's active users, counted exactly from the permanent events when the day was rolled up: distinct
/// players that day (DAU) and over the 7, 14 and 30 days ending with it (WAU, 14-day, MAU). Events staged later for
/// the day mark it <see cref="Stale"/> (and bump <see cref="Version"/>): it is then counted live until rolled again.
/// </summary>
public sealed class ActiveUsersDay
{
    public DateOnly Day { get; set; }
    public int Dau { get; set; }
    public int Wau { get; set; }
    public int TwoWeek { get; set; }
    public int Mau { get; set; }
    public DateTimeOffset? RolledAt { get; set; }
    public bool Stale { get; set; }

    /// <summary>Bumped by every late mark, so a roll-up that counted before the mark does not clear it.</summary>
    public int Version { get; set; }

    public int Window(int days) => days switch { 1 => Dau, 7 => Wau, 14 => TwoWeek, _ => Mau };

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<ActiveUsersDay>(day =>
        {
            day.ToTable("tel_active_users");
            day.HasKey(d => d.Day);
            day.Property(d => d.Day).HasColumnName("day");
            day.Property(d => d.Dau).HasColumnName("dau");
            day.Property(d => d.Wau).HasColumnName("wau");
            day.Property(d => d.TwoWeek).HasColumnName("two_week");
            day.Property(d => d.Mau).HasColumnName("mau");
            day.Property(d => d.RolledAt).HasColumnName("rolled_at");
            day.Property(d => d.Stale).HasColumnName("stale");
            day.Property(d => d.Version).HasColumnName("version");
        });
}
