using Microsoft.EntityFrameworkCore;
using Tellal.Identity.Browser;
using Tellal.Identity.Tokens;
using Tellal.Identity.Users;

namespace Tellal.Identity;

internal static class IdentityModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<User>(user =>
        {
            user.ToTable("id_users");
            user.HasKey(u => u.Id);
            user.Property(u => u.UserName).HasMaxLength(100);
            user.Property(u => u.NormalizedUserName).HasMaxLength(100);
            // Unique on the normalized name: case-insensitive on SQLite and PostgreSQL alike, without collations.
            user.HasIndex(u => u.NormalizedUserName).IsUnique();
            user.Property(u => u.Email).HasMaxLength(UserService.MaxEmailLength);
            user.Property(u => u.SecurityStamp).HasMaxLength(64);
            user.Property(u => u.PasswordHash).HasMaxLength(500);
            user.Property(u => u.Roles).HasMaxLength(200);
            user.Ignore(u => u.RoleList);
        });

        modelBuilder.Entity<DataProtectionKey>(key =>
        {
            key.ToTable("id_data_protection_keys");
            key.HasKey(k => k.FriendlyName);
            key.Property(k => k.FriendlyName).HasMaxLength(200);
        });

        modelBuilder.Entity<SigningKey>(key =>
        {
            key.ToTable("id_signing_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.Id).HasMaxLength(50);
            key.Property(k => k.Key).HasMaxLength(200);
        });
    }
}
