using Microsoft.EntityFrameworkCore;

namespace Tellal.Chat.Staff;

/// <summary>This module's own copy of who the staff are (id and name), kept from Identity's UserRegistered events.</summary>
public sealed class StaffMember
{
    public Guid UserId { get; set; }
    public string UserName { get; set; } = "";

    /// <summary>Upper-cased name: names are unique ignoring case, as in Identity, and mentions compare them so.</summary>
    public string NormalizedName { get; set; } = "";

    public static string Normalize(string userName) => userName.ToUpperInvariant();

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<StaffMember>(staff =>
        {
            staff.ToTable("cht_staff");
            staff.HasKey(s => s.UserId);
            staff.Property(s => s.UserName).HasMaxLength(100);
            staff.Property(s => s.NormalizedName).HasMaxLength(100);
            staff.HasIndex(s => s.NormalizedName).IsUnique();
        });
}
