using Microsoft.EntityFrameworkCore;

namespace Tellal.Telemetry.Purchases;

public enum PurchaseStatus
{
    /// <summary>Not verified yet: waiting for its next attempt (the store was slow, down or limiting).</summary>
    Pending,

    /// <summary>The store says the receipt is genuine: the purchase counts as revenue.</summary>
    Verified,

    /// <summary>The store says the receipt is not genuine (forged, or for another amount): never revenue.</summary>
    Rejected,
}

/// <summary>
/// A purchase event and its verification, one row per event id (a resent event adds nothing). The table is also the
/// verifier's work queue: pending rows whose <see cref="NextAttemptAt"/> has come are claimed and checked.
/// </summary>
public sealed class Purchase
{
    public Guid EventId { get; set; }
    public string App { get; set; } = "";
    public string PlayerId { get; set; } = "";
    public long GameId { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    /// <summary>The receipt as the app sent it (JSON), passed to the store unread.</summary>
    public string Receipt { get; set; } = "";

    // What the store says was bought, once verified: revenue is the store's figure, never the device's.
    public string? ProductId { get; set; }

    /// <summary>Millionths of the currency unit, as the stores report prices: sums stay exact integers on both providers.</summary>
    public long? PriceMicros { get; set; }
    public string? Currency { get; set; }
    public PurchaseStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>The verifier that claimed the row last, so only it records the verdict of that attempt.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>The store's reason for a rejection, or the last failure while pending.</summary>
    public string? Note { get; set; }

    internal static void Configure(ModelBuilder modelBuilder) =>
        modelBuilder.Entity<Purchase>(purchase =>
        {
            purchase.ToTable("tel_purchases");
            purchase.HasKey(p => p.EventId);
            purchase.Property(p => p.EventId).HasColumnName("event_id").ValueGeneratedNever();
            purchase.Property(p => p.App).HasColumnName("app").HasMaxLength(Keys.AppKeyStore.MaxAppLength);
            purchase.Property(p => p.PlayerId).HasColumnName("player_id").HasMaxLength(Ingest.EventValidator.MaxIdLength);
            purchase.Property(p => p.GameId).HasColumnName("game_id");
            purchase.Property(p => p.OccurredAt).HasColumnName("occurred_at");
            purchase.Property(p => p.Receipt).HasColumnName("receipt").HasMaxLength(PurchaseData.MaxReceiptLength);
            purchase.Property(p => p.ProductId).HasColumnName("product_id").HasMaxLength(200);
            purchase.Property(p => p.PriceMicros).HasColumnName("price_micros");
            purchase.Property(p => p.Currency).HasColumnName("currency").HasMaxLength(3);
            purchase.Property(p => p.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(10);
            purchase.Property(p => p.Attempts).HasColumnName("attempts");
            purchase.Property(p => p.NextAttemptAt).HasColumnName("next_attempt_at");
            purchase.Property(p => p.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(200);
            purchase.Property(p => p.ReceivedAt).HasColumnName("received_at");
            purchase.Property(p => p.DecidedAt).HasColumnName("decided_at");
            purchase.Property(p => p.Note).HasColumnName("note").HasMaxLength(500);
            // The verifier's question: which pending purchases are due? Revenue: verified ones by day.
            purchase.HasIndex(p => new { p.Status, p.NextAttemptAt }).HasDatabaseName("ix_tel_purchases_status_next_attempt_at");
            purchase.HasIndex(p => new { p.OccurredAt, p.Status }).HasDatabaseName("ix_tel_purchases_occurred_at_status");
        });
}
