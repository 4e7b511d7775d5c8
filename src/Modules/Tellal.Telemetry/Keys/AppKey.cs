using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Keys;

/// <summary>
/// A key one of the company's apps sends as <c>X-Api-Key</c>. Only its hash is stored: the key itself is shown once,
/// when it is made. An app may hold several keys at once, so a new one can be rolled out before the old is revoked.
/// </summary>
public sealed class AppKey
{
    public Guid Id { get; set; }
    public string App { get; set; } = "";

    /// <summary>The key's first characters, so an admin can tell keys apart in a list without the key itself.</summary>
    public string Prefix { get; set; } = "";

    public byte[] Hash { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AppKey>(key =>
        {
            key.ToTable("tel_app_keys");
            key.HasKey(k => k.Id);
            key.Property(k => k.App).HasMaxLength(AppKeyStore.MaxAppLength);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(32);
            key.HasIndex(k => k.Hash).IsUnique();
        });
}
