using Microsoft.EntityFrameworkCore;

namespace Tellal.Reports.Warehouse.Apps;

/// <summary>
/// An in-app purchase reported by a game app once the store decided on it (<c>PurchaseDecided</c>): verified ones are
/// revenue at the store's price, rejected ones (forged or altered receipts) are kept to be counted, never summed.
/// Prices are millionths of the currency unit, as the stores give them, so sums stay exact integers.
/// </summary>
public sealed class AppPurchase
{
    /// <summary>The app's event id: one row per purchase, whatever was resent.</summary>
    public Guid EventId { get; set; }
    public string App { get; set; } = "";
    public long GameId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public bool Verified { get; set; }
    public string? ProductId { get; set; }
    public long? PriceMicros { get; set; }
    public string? Currency { get; set; }
    public DateTimeOffset DecidedAt { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<AppPurchase>(purchase =>
        {
            purchase.ToTable(WarehouseModel.AppPurchasesTable);
            purchase.HasKey(p => p.EventId);
            purchase.Property(p => p.EventId).HasColumnName("event_id").ValueGeneratedNever();
            purchase.Property(p => p.App).HasColumnName("app").HasMaxLength(100);
            purchase.Property(p => p.GameId).HasColumnName("game_id");
            purchase.Property(p => p.OccurredAt).HasColumnName("occurred_at");
            purchase.Property(p => p.Verified).HasColumnName("verified");
            purchase.Property(p => p.ProductId).HasColumnName("product_id").HasMaxLength(200);
            purchase.Property(p => p.PriceMicros).HasColumnName("price_micros");
            purchase.Property(p => p.Currency).HasColumnName("currency").HasMaxLength(3);
            purchase.Property(p => p.DecidedAt).HasColumnName("decided_at");
            // Revenue reports filter a period of purchases first.
            purchase.HasIndex(p => p.OccurredAt).HasDatabaseName("ix_wh_app_purchases_occurred_at");
        });
}
