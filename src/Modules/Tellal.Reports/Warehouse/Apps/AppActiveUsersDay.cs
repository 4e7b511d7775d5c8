using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.Warehouse.Apps;

/// <summary>
/// A closed day's active players of the company's game apps, as telemetry rolled them up (<c>ActiveUsersRolledUp</c>):
/// distinct players that day and over the 7, 14 and 30 days ending with it. <see cref="Version"/> and
/// <see cref="RolledAt"/> say which roll-up this is, so an older one arriving late never overwrites a newer one.
/// </summary>
public sealed class AppActiveUsersDay
{
    public DateOnly Day { get; set; }
    public int Dau { get; set; }
    public int Wau { get; set; }
    public int TwoWeek { get; set; }
    public int Mau { get; set; }
    public int Version { get; set; }
    public DateTimeOffset RolledAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AppActiveUsersDay>(day =>
        {
            day.ToTable(WarehouseModel.AppActiveUsersTable);
            day.HasKey(d => d.Day);
            day.Property(d => d.Day).HasColumnName("day");
            day.Property(d => d.Dau).HasColumnName("dau");
            day.Property(d => d.Wau).HasColumnName("wau");
            day.Property(d => d.TwoWeek).HasColumnName("two_week");
            day.Property(d => d.Mau).HasColumnName("mau");
            day.Property(d => d.Version).HasColumnName("version");
            day.Property(d => d.RolledAt).HasColumnName("rolled_at");
        });
}
